package dev.confidant.account;

import dev.confidant.platform.events.AccountDeletionRequested;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.events.VisitorLinked;
import dev.confidant.platform.runtime.security.Secrets;
import dev.confidant.platform.testing.EmbeddedSmtpResource;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

import static dev.confidant.account.AccountApi.PASSWORD;
import static dev.confidant.account.AccountApi.count;
import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static dev.confidant.account.AccountApi.login;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@SuiteInfrastructure
class ProfileTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void eachHolderReadsAndCorrectsOnlyTheirOwnProfile() throws Exception {
        String aliceEmail = freshEmail();
        Response alice = AccountApi.registeredAndLoggedIn(aliceEmail);
        Response bob = AccountApi.registeredAndLoggedIn(freshEmail());

        from(freshClientAddress()).auth().oauth2(bob.<String>path("accessToken"))
                .body(Map.of("displayName", "Mallory")).patch("/api/accounts/me")
                .then().statusCode(200).body("displayName", equalTo("Mallory"));

        given().auth().oauth2(alice.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(200)
                .body("email", equalTo(aliceEmail))
                .body("displayName", equalTo("Ada"));
        // there is no way to name another account
        given().auth().oauth2(bob.<String>path("accessToken")).get("/api/accounts/" + alice.path("subjectId"))
                .then().statusCode(404);
        assertEquals(1, count("SELECT count(*) FROM profile_change WHERE subject_id = ?::uuid AND field = 'displayName'",
                bob.path("subjectId")));
        assertEquals(0, count("SELECT count(*) FROM profile_change WHERE subject_id = ?::uuid",
                alice.path("subjectId")));
    }

    @Test
    void anInvalidCorrectionChangesNothing() {
        Response holder = AccountApi.registeredAndLoggedIn(freshEmail());
        from(freshClientAddress()).auth().oauth2(holder.<String>path("accessToken"))
                .body(Map.of("displayName", " ")).patch("/api/accounts/me").then().statusCode(422);
        from(freshClientAddress()).auth().oauth2(holder.<String>path("accessToken"))
                .body(Map.of("displayName", "Ada", "dateOfBirth", "2000-01-01")).patch("/api/accounts/me")
                .then().statusCode(400);
        from(freshClientAddress()).auth().oauth2(holder.<String>path("accessToken"))
                .body(Map.of("email", "not an address")).patch("/api/accounts/me").then().statusCode(422);
        given().auth().oauth2(holder.<String>path("accessToken")).get("/api/accounts/me").then()
                .body("displayName", equalTo("Ada"));
    }

    @Test
    void aNewEmailAppliesOnceItsLinkIsOpenedAndTheOldAddressIsTold() throws Exception {
        String old = freshEmail();
        String fresh = freshEmail();
        Response holder = AccountApi.registeredAndLoggedIn(old);
        String access = holder.path("accessToken");

        from(freshClientAddress()).auth().oauth2(access).body(Map.of("email", fresh.toUpperCase()))
                .patch("/api/accounts/me").then().statusCode(200)
                .body("email", equalTo(old))
                .body("pendingEmail", equalTo(fresh));
        given().queryParam("token", AccountApi.linkToken(fresh, "Confirm your new email"))
                .get("/api/accounts/confirm-email-change").then().statusCode(200);

        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(200)
                .body("email", equalTo(fresh)).body("emailVerified", equalTo(true));
        login(fresh, PASSWORD, freshClientAddress()).then().statusCode(200);
        login(old, PASSWORD, freshClientAddress()).then().statusCode(401);
        assertEquals(1, EmbeddedSmtpResource.awaitMessagesTo(old, 2, Duration.ofSeconds(20)).stream()
                .filter(mail -> mail.subject().startsWith("Your Confidant email address was changed")).count());
        assertEquals(1, count("SELECT count(*) FROM profile_change WHERE subject_id = ?::uuid AND field = 'email'",
                holder.path("subjectId")));
    }

    @Test
    void aChangeLinkAppliesOnlyTheAddressItWasMailedToAndANewerRequestEndsIt() {
        String old = freshEmail();
        String first = freshEmail();
        String second = freshEmail();
        Response holder = AccountApi.registeredAndLoggedIn(old);
        String access = holder.path("accessToken");
        from(freshClientAddress()).auth().oauth2(access).body(Map.of("email", first)).patch("/api/accounts/me")
                .then().statusCode(200);
        String firstLink = AccountApi.linkToken(first, "Confirm your new email");
        from(freshClientAddress()).auth().oauth2(access).body(Map.of("email", second)).patch("/api/accounts/me")
                .then().statusCode(200).body("pendingEmail", equalTo(second));

        // the first address's link would otherwise have applied the second, unconfirmed address
        given().queryParam("token", firstLink).get("/api/accounts/confirm-email-change").then().statusCode(404);
        given().auth().oauth2(access).get("/api/accounts/me").then().body("email", equalTo(old));
        given().queryParam("token", AccountApi.linkToken(second, "Confirm your new email"))
                .get("/api/accounts/confirm-email-change").then().statusCode(200);
        given().auth().oauth2(access).get("/api/accounts/me").then().body("email", equalTo(second));
    }

    @Test
    void theOldAddressCanUndoAChangeWhichEndsEveryLogin() throws Exception {
        String old = freshEmail();
        String taken = freshEmail();
        Response holder = AccountApi.registeredAndLoggedIn(old);
        String access = holder.path("accessToken");
        from(freshClientAddress()).auth().oauth2(access).body(Map.of("email", taken)).patch("/api/accounts/me")
                .then().statusCode(200);
        given().queryParam("token", AccountApi.linkToken(taken, "Confirm your new email"))
                .get("/api/accounts/confirm-email-change").then().statusCode(200);
        String undo = AccountApi.linkToken(old, "Your Confidant email address was changed");

        // opening the link alone changes nothing; the page's button does
        given().queryParam("token", undo).get("/api/accounts/undo-email-change").then().statusCode(200)
                .contentType("text/html");
        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(200).body("email", equalTo(taken));
        from(freshClientAddress()).body(Map.of("token", undo)).post("/api/accounts/undo-email-change").then()
                .statusCode(204);

        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(401);
        login(old, PASSWORD, freshClientAddress()).then().statusCode(200);
        login(taken, PASSWORD, freshClientAddress()).then().statusCode(401);
        assertTrue(AccountApi.linkToken(old, "Reset your Confidant password") != null, "a reset link went to the old address");
        from(freshClientAddress()).body(Map.of("token", undo)).post("/api/accounts/undo-email-change").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aTakenAddressLooksTheSameAndStaysWithItsOwner() throws Exception {
        String taken = freshEmail();
        AccountApi.register(taken).then().statusCode(202);
        String mine = freshEmail();
        Response holder = AccountApi.registeredAndLoggedIn(mine);

        from(freshClientAddress()).auth().oauth2(holder.<String>path("accessToken")).body(Map.of("email", taken))
                .patch("/api/accounts/me").then().statusCode(200)
                .body("email", equalTo(mine))
                .body("pendingEmail", equalTo(taken));

        EmbeddedSmtpResource.awaitMessagesTo(taken, 2, Duration.ofSeconds(20));
        assertEquals(0, EmbeddedSmtpResource.messagesTo(taken).stream()
                .filter(mail -> mail.subject().startsWith("Confirm your new email")).count());
        assertEquals(1, count("SELECT count(*) FROM account WHERE email = ?", taken));
    }

    @Test
    void theExportHoldsTheProfileAndTheSecurityLog() {
        String email = freshEmail();
        Response holder = AccountApi.registeredAndLoggedIn(email);

        given().auth().oauth2(holder.<String>path("accessToken")).get("/api/accounts/me/export").then()
                .statusCode(200)
                .header("Content-Disposition", containsString("attachment"))
                .body("account.email", equalTo(email))
                .body("securityLog.event", hasItem("login"));
    }

    @Test
    void deletionNeedsThePasswordThenRevokesEveryTokenAndIsAnnounced() {
        String email = freshEmail();
        Response holder = AccountApi.registeredAndLoggedIn(email);
        String access = holder.path("accessToken");
        String subject = holder.path("subjectId");

        from(freshClientAddress()).auth().oauth2(access).body(Map.of("password", "not my passphrase"))
                .delete("/api/accounts/me").then().statusCode(403);
        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(200);

        try (TopicReader reader = TopicReader.fromBeginning(Topics.ACCOUNTS)) {
            String receipt = from(freshClientAddress()).auth().oauth2(access).body(Map.of("password", PASSWORD))
                    .delete("/api/accounts/me").then().statusCode(202)
                    .header("Cache-Control", "no-store")
                    .body("status", equalTo("deletion-requested"))
                    .extract().path("receipt");

            var record = reader.await(r -> subject.equals(r.key())
                    && codec.decode(r.value()).payload() instanceof AccountDeletionRequested, 1, Duration.ofSeconds(30))
                    .get(0);
            var announced = (AccountDeletionRequested) codec.decode(record.value()).payload();
            assertEquals(Secrets.hash(receipt), announced.receiptSha256(), "only the receipt's digest is announced");
            assertFalse(new String(record.value(), StandardCharsets.UTF_8).contains(receipt));
        }
        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(401);
        from(freshClientAddress()).body(Map.of("refreshToken", holder.path("refreshToken"))).post("/api/auth/refresh")
                .then().statusCode(401);
        login(email, PASSWORD, freshClientAddress()).then().statusCode(401);
    }

    @Test
    void aVisitorWhoRegistersIsLinkedToTheAccount() {
        Response visitor = from(freshClientAddress()).post("/api/auth/visitor").then().statusCode(201)
                .extract().response();
        String visitorToken = visitor.path("accessToken");
        String visitorSubject = visitor.path("subjectId");
        assertEquals(visitorSubject, tokenSubject(visitorToken));
        String email = freshEmail();

        try (TopicReader reader = TopicReader.fromBeginning(Topics.ACCOUNTS)) {
            from(freshClientAddress()).auth().oauth2(visitorToken)
                    .body(AccountApi.registration(email, LocalDate.now().minusYears(30)))
                    .post("/api/accounts").then().statusCode(202);

            reader.await(r -> codec.decode(r.value()).payload() instanceof VisitorLinked linked
                    && linked.visitorSubjectId().toString().equals(visitorSubject), 1, Duration.ofSeconds(30));
        }
        // a second visitor session is linked when the holder logs in from it
        String secondToken = from(freshClientAddress()).post("/api/auth/visitor").then().extract().path("accessToken");
        from(freshClientAddress()).auth().oauth2(secondToken).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/auth/login").then().statusCode(200);
        given().auth().oauth2(login(email, PASSWORD, freshClientAddress()).<String>path("accessToken"))
                .get("/api/accounts/me/export").then().statusCode(200)
                .body("linkedVisitorSessions.visitorSubjectId", hasItem(visitorSubject))
                .body("linkedVisitorSessions.visitorSubjectId", hasItem(tokenSubject(secondToken)));
    }

    @Test
    void visitorTokensAreRateLimitedPerAddress() {
        String address = freshClientAddress();
        for (int i = 0; i < 30; i++) {
            from(address).post("/api/auth/visitor").then().statusCode(201);
        }
        from(address).post("/api/auth/visitor").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        from(freshClientAddress()).post("/api/auth/visitor").then().statusCode(201);
    }

    @Test
    void aClientCannotChooseItsAddressByWritingXForwardedFor() {
        // behind an ingress that appends, the client controls everything left of the address the ingress saw
        String seenByTheIngress = freshClientAddress();
        for (int i = 0; i < 30; i++) {
            from("198.51.100." + i + ", " + seenByTheIngress).post("/api/auth/visitor").then().statusCode(201);
        }
        from("198.51.100.200, " + seenByTheIngress).post("/api/auth/visitor").then().statusCode(429);
    }

    private static String tokenSubject(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
    }
}
