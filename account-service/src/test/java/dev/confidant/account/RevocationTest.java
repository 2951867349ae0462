package dev.confidant.account;

import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.events.TokensRevoked;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static dev.confidant.account.AccountApi.login;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocations are announced to every service (confidant.revocations) and refused here at once, on every endpoint:
 * a plain logout ends that login's access token, and a role change ends the staff member's tokens.
 */
@QuarkusTest
@SuiteInfrastructure
class RevocationTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final String STAFF_PASSWORD = "the auditor's own long passphrase";

    private record Staff(String subject, String email, String token) {
    }

    /** A staff member an admin created with {@code role}, who set a password from the mailed link and logged in. */
    private static Staff staff(String adminToken, String role) {
        String email = freshEmail();
        String subject = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("email", email, "displayName", "Sam Staff", "role", role))
                .post("/api/staff").then().statusCode(201).extract().path("subjectId");
        from(freshClientAddress()).body(Map.of("token", AccountApi.linkToken(email, "Your Confidant staff account"),
                "newPassword", STAFF_PASSWORD)).post("/api/auth/password-reset/confirm").then().statusCode(204);
        String token = login(email, STAFF_PASSWORD, freshClientAddress()).then().statusCode(200)
                .extract().path("accessToken");
        return new Staff(subject, email, token);
    }

    @Test
    void aPlainLogoutEndsThatLoginOnlyAndIsAnnounced() {
        String email = freshEmail();
        Response first = AccountApi.registeredAndLoggedIn(email);
        Response second = login(email, AccountApi.PASSWORD, freshClientAddress()).then().statusCode(200).extract().response();
        String subject = first.path("subjectId");
        try (TopicReader revocations = TopicReader.fromBeginning(Topics.REVOCATIONS)) {
            from(freshClientAddress()).auth().oauth2(first.<String>path("accessToken"))
                    .body(Map.of("refreshToken", first.path("refreshToken"))).post("/api/auth/logout").then().statusCode(204);

            given().auth().oauth2(first.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(401);
            given().auth().oauth2(second.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(200);
            ConsumerRecord<String, byte[]> record = revocations.await(r -> subject.equals(r.key()), 1,
                    Duration.ofSeconds(10)).get(0);
            TokensRevoked revoked = (TokensRevoked) CODEC.decode(record.value()).payload();
            assertEquals(RevocationReason.LOGOUT, revoked.reason());
            assertNotNull(revoked.loginId(), "only that login");
        }
    }

    @Test
    void aRoleChangeEndsTheStaffMembersTokensAtOnceOnStaffEndpointsToo() {
        String adminToken = TestTokens.forSubject(UUID.randomUUID(), Roles.ADMIN);
        Staff auditor = staff(adminToken, "auditor");
        String email = auditor.email();
        String subject = auditor.subject();
        String auditorToken = auditor.token();
        given().auth().oauth2(auditorToken).get("/api/staff/" + subject + "/role-changes").then().statusCode(200);

        try (TopicReader revocations = TopicReader.fromBeginning(Topics.REVOCATIONS)) {
            given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                    .body(Map.of("roles", List.of("agent"), "reason", "joins the support desk"))
                    .put("/api/staff/" + subject + "/roles").then().statusCode(200);

            given().auth().oauth2(auditorToken).get("/api/staff/" + subject + "/role-changes").then().statusCode(401)
                    .contentType("application/problem+json");
            TokensRevoked revoked = (TokensRevoked) CODEC.decode(revocations.await(r -> subject.equals(r.key())
                    && ((TokensRevoked) CODEC.decode(r.value()).payload()).reason() == RevocationReason.ROLES_CHANGED,
                    1, Duration.ofSeconds(10)).get(0).value()).payload();
            assertNull(revoked.loginId(), "every login");
        }
        String agentToken = login(email, STAFF_PASSWORD, freshClientAddress()).then().statusCode(200)
                .extract().path("accessToken");
        given().auth().oauth2(agentToken).get("/api/accounts/me").then().statusCode(200).body("roles", contains("agent"));
    }

    @Test
    void aLinkedVisitorTokenEndsYetItsHolderStillSignsIn() {
        Response visitor = from(freshClientAddress()).post("/api/auth/visitor").then().statusCode(201).extract().response();
        String visitorToken = visitor.path("accessToken");
        String visitorSubject = visitor.path("subjectId");
        String email = freshEmail();
        try (TopicReader revocations = TopicReader.fromBeginning(Topics.REVOCATIONS)) {
            from(freshClientAddress()).auth().oauth2(visitorToken)
                    .body(AccountApi.registration(email, java.time.LocalDate.of(1990, 1, 1)))
                    .post("/api/accounts").then().statusCode(202);

            TokensRevoked revoked = (TokensRevoked) CODEC.decode(revocations.await(r -> visitorSubject.equals(r.key()), 1,
                    Duration.ofSeconds(10)).get(0).value()).payload();
            assertEquals(RevocationReason.VISITOR_LINKED, revoked.reason());
        }
        given().queryParam("token", AccountApi.linkToken(email, "Confirm your email")).get("/api/accounts/verify-email")
                .then().statusCode(200);
        // the widget still sends the visitor token it has: it links nothing more, and the login goes on
        from(freshClientAddress()).auth().oauth2(visitorToken)
                .body(Map.of("email", email, "password", AccountApi.PASSWORD)).post("/api/auth/login")
                .then().statusCode(200);
    }

    @Test
    void concurrentUsesOfOneRefreshTokenLetAtMostOneThroughAndEndTheLogin() throws Exception {
        Response session = AccountApi.registeredAndLoggedIn(freshEmail());
        String refresh = session.path("refreshToken");
        int racers = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Response>> attempts = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                String address = freshClientAddress();
                attempts.add(pool.submit(() -> {
                    start.await();
                    return from(address).body(Map.of("refreshToken", refresh)).post("/api/auth/refresh");
                }));
            }
            start.countDown();
            List<Response> answers = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Response> attempt : attempts) {
                answers.add(attempt.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            List<Response> through = answers.stream().filter(r -> r.statusCode() == 200).toList();
            assertEquals(racers - through.size(), answers.stream().filter(r -> r.statusCode() == 401).count(),
                    "every other use is refused");
            assertTrue(through.size() <= 1, through.size() + " uses of one refresh token got through");
            // the race showed the token was copied: the login is over, whatever the winner got
            for (Response winner : through) {
                from(freshClientAddress()).body(Map.of("refreshToken", winner.path("refreshToken")))
                        .post("/api/auth/refresh").then().statusCode(401);
                given().auth().oauth2(winner.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(401);
            }
            given().auth().oauth2(session.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(401);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logoutEverywhereEndsStaffTokensOnStaffEndpoints() {
        Staff dpo = staff(TestTokens.forSubject(UUID.randomUUID(), Roles.ADMIN), "dpo");
        String subject = dpo.subject();
        String dpoToken = dpo.token();

        from(freshClientAddress()).auth().oauth2(dpoToken).body(Map.of("everywhere", true)).post("/api/auth/logout")
                .then().statusCode(204);

        given().auth().oauth2(dpoToken).get("/api/staff/" + subject + "/role-changes").then().statusCode(401);
        given().auth().oauth2(dpoToken).get("/api/minor-reports").then().statusCode(401);
    }
}
