package dev.confidant.account;

import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.testing.EmbeddedSmtpResource;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.account.AccountApi.count;
import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static dev.confidant.account.AccountApi.registration;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@SuiteInfrastructure
class RegistrationTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void registeringStoresAHashedPasswordMailsALinkAndAnnouncesTheAccount() throws Exception {
        String email = freshEmail();
        try (TopicReader reader = TopicReader.fromBeginning(Topics.ACCOUNTS, Topics.PERSONAL_DATA)) {
            AccountApi.register(email.toUpperCase()).then().statusCode(202)
                    .body("status", equalTo("pending-verification"))
                    .body("guardianConfirmationRequired", equalTo(false));

            assertEquals(1, count("SELECT count(*) FROM account WHERE email = ? AND password_hash LIKE '$2%'", email));
            String subject = AccountApi.login(email, AccountApi.PASSWORD, freshClientAddress())
                    .then().statusCode(200).extract().path("subjectId");

            List<ConsumerRecord<String, byte[]>> records = reader.await(r -> subject.equals(r.key()), 3,
                    Duration.ofSeconds(30));
            List<Object> payloads = records.stream().map(r -> (Object) codec.decode(r.value()).payload()).toList();
            assertTrue(payloads.stream().anyMatch(p -> p instanceof AccountRegistered));
            assertTrue(payloads.stream().anyMatch(p -> p instanceof PersonalDataCreated created
                    && created.category().equals("account.profile")));
            for (ConsumerRecord<String, byte[]> record : records) {
                assertFalse(new String(record.value(), StandardCharsets.UTF_8).contains("example.org"),
                        "no email on the wire");
            }
        }
    }

    @Test
    void theMailedLinkConfirmsTheAddressOnce() {
        String email = freshEmail();
        AccountApi.register(email).then().statusCode(202);
        String token = AccountApi.linkToken(email, "Confirm your email");

        given().queryParam("token", token).get("/api/accounts/verify-email").then().statusCode(200);
        given().queryParam("token", token).get("/api/accounts/verify-email").then().statusCode(404);
        String access = AccountApi.login(email, AccountApi.PASSWORD, freshClientAddress()).then().statusCode(200)
                .extract().path("accessToken");
        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(200)
                .body("emailVerified", equalTo(true))
                .body("email", equalTo(email))
                .body("roles", containsInAnyOrder("user"));
    }

    @Test
    void aTakenAddressGetsTheSameAnswerAndAMailNotASecondAccount() throws Exception {
        String email = freshEmail();
        String first = AccountApi.register(email).then().statusCode(202).extract().asString();

        String second = AccountApi.register("  " + email.toUpperCase() + " ").then().statusCode(202).extract().asString();

        assertEquals(first, second);
        assertEquals(1, count("SELECT count(*) FROM account WHERE email = ?", email));
        EmbeddedSmtpResource.awaitMessagesTo(email, 2, Duration.ofSeconds(20)).stream()
                .filter(mail -> mail.subject().startsWith("Someone tried to register"))
                .findFirst().orElseThrow();
    }

    @Test
    void weakPasswordsAreRefusedAndNothingIsStored() throws Exception {
        for (String weak : new String[]{"short", "passwordpassword", "QWERTYUIOPASDFGH"}) {
            String email = freshEmail();
            Map<String, Object> body = registration(email, LocalDate.now().minusYears(30));
            body.put("password", weak);

            from(freshClientAddress()).body(body).post("/api/accounts").then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors.field", containsInAnyOrder("password"));
            assertEquals(0, count("SELECT count(*) FROM account WHERE email = ?", email));
        }
    }

    @Test
    void badInputIsRefusedWithAProblemAndNothingIsStored() throws Exception {
        String email = freshEmail();
        Map<String, Object> malformedEmail = registration("not an email", LocalDate.now().minusYears(30));
        from(freshClientAddress()).body(malformedEmail).post("/api/accounts").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("email"));

        Map<String, Object> unknownField = registration(email, LocalDate.now().minusYears(30));
        unknownField.put("roles", List.of("admin"));
        from(freshClientAddress()).body(unknownField).post("/api/accounts").then().statusCode(400)
                .body("detail", equalTo("Unknown field 'roles'"));

        from(freshClientAddress()).body("{\"email\": \"" + email + "\", ").post("/api/accounts").then().statusCode(400)
                .body("detail", startsWith("Request body is not valid JSON"));

        Map<String, Object> oversized = registration(email, LocalDate.now().minusYears(30));
        oversized.put("displayName", "x".repeat(101));
        from(freshClientAddress()).body(oversized).post("/api/accounts").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("displayName"));

        // a name reaches other people's mailboxes (a guardian's): no lines of its own, no reordered text
        for (String injected : List.of("Eve\r\nBcc: victim@example.org", "Eve\n\nClick http://evil.example",
                "Eve\u202Egpj.exe")) {
            Map<String, Object> crafted = registration(email, LocalDate.now().minusYears(30));
            crafted.put("displayName", injected);
            from(freshClientAddress()).body(crafted).post("/api/accounts").then().statusCode(422)
                    .body("errors.field", containsInAnyOrder("displayName"));
        }

        assertEquals(0, count("SELECT count(*) FROM account WHERE email = ?", email));
    }

    @Test
    void underThirteenIsRefusedClearlyAndNothingIsKept() throws Exception {
        String email = freshEmail();
        int mailsBefore = EmbeddedSmtpResource.count();

        from(freshClientAddress()).body(registration(email, LocalDate.now().minusYears(12)))
                .post("/api/accounts").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://confidant.dev/problems/under-minimum-age"))
                .body("detail", startsWith("You must be at least 13 years old"));

        assertEquals(0, count("SELECT count(*) FROM account WHERE email = ?", email));
        assertEquals(0, count("SELECT count(*) FROM account WHERE date_of_birth > ?",
                java.sql.Date.valueOf(LocalDate.now().minusYears(13))));
        Awaitility.await("no mail sent").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> EmbeddedSmtpResource.count() == mailsBefore);
    }

    @Test
    void aTeenagerNeedsAGuardianWhoConfirmsByMail() throws Exception {
        String email = freshEmail();
        String guardian = freshEmail();
        Map<String, Object> body = registration(email, LocalDate.now().minusYears(14));
        from(freshClientAddress()).body(body).post("/api/accounts").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("guardianEmail"));

        body.put("guardianEmail", guardian);
        from(freshClientAddress()).body(body).post("/api/accounts").then().statusCode(202)
                .body("guardianConfirmationRequired", equalTo(true));
        assertEquals(1, count("SELECT count(*) FROM account WHERE email = ? AND status = 'AWAITING_GUARDIAN'", email));
        String before = AccountApi.login(email, AccountApi.PASSWORD, freshClientAddress()).then().statusCode(200)
                .extract().path("accessToken");
        assertTrue(claims(before).contains("\"restricted\":true"), "other services see the restriction");

        String link = AccountApi.linkToken(guardian, "Please confirm your child");
        // opening the link, as a mail scanner does, agrees to nothing: the page's button does
        given().queryParam("token", link).get("/api/accounts/confirm-guardian").then().statusCode(200)
                .contentType("text/html").body(org.hamcrest.Matchers.containsString("I agree"));
        assertEquals(1, count("SELECT count(*) FROM account WHERE email = ? AND status = 'AWAITING_GUARDIAN'", email));
        from(freshClientAddress()).body(Map.of("token", link)).post("/api/accounts/confirm-guardian").then()
                .statusCode(204);
        assertEquals(1, count("SELECT count(*) FROM account WHERE email = ? AND status = 'ACTIVE'", email));
        from(freshClientAddress()).body(Map.of("token", link)).post("/api/accounts/confirm-guardian").then()
                .statusCode(404).contentType("application/problem+json");
        String after = AccountApi.login(email, AccountApi.PASSWORD, freshClientAddress()).then().statusCode(200)
                .extract().path("accessToken");
        assertTrue(claims(after).contains("\"restricted\":false"));
    }

    @Test
    void theGuardianAgeFollowsTheJurisdiction() throws Exception {
        String email = freshEmail();
        Map<String, Object> body = registration(email, LocalDate.now().minusYears(15).minusDays(1));
        body.put("jurisdiction", "FR"); // FR=15 in the test configuration

        from(freshClientAddress()).body(body).post("/api/accounts").then().statusCode(202)
                .body("guardianConfirmationRequired", equalTo(false));
        assertEquals(1, count("SELECT count(*) FROM account WHERE email = ? AND status = 'ACTIVE'", email));
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownLinkIsRefused() {
        given().queryParam("token", UUID.randomUUID().toString()).get("/api/accounts/verify-email")
                .then().statusCode(404);
    }
}
