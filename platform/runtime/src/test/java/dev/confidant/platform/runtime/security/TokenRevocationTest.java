package dev.confidant.platform.runtime.security;

import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.events.TokensRevoked;
import dev.confidant.platform.testing.Management;
import dev.confidant.platform.testing.RefusedRecords;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestEventKeys;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * account-service's revocations reach this service through Kafka and its tokens are refused at once; forged ones
 * change nothing.
 */
@QuarkusTest
@SuiteInfrastructure
class TokenRevocationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String token(UUID subject, Instant issuedAt, UUID login, String... roles) {
        var claims = TestTokens.claims(subject, roles).issuedAt(issuedAt).expiresAt(issuedAt.plus(Duration.ofMinutes(15)));
        if (login != null) {
            claims.claim("sid", login.toString());
        }
        return TestTokens.sign(claims);
    }

    private static int me(String token) {
        return given().auth().oauth2(token).get("/test/me").statusCode();
    }

    private static void revoke(UUID subject, Instant before, UUID login, RevocationReason reason) {
        TopicWriter.send(EventEnvelope.of("account-service", subject, new TokensRevoked(before, login, reason)));
    }

    @Test
    void aLogoutEndsThatLoginsTokensOnly() {
        UUID subject = UUID.randomUUID();
        UUID ended = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Instant earlier = Instant.now().minusSeconds(5);
        String endedToken = token(subject, earlier, ended, Roles.USER);
        String otherToken = token(subject, earlier, other, Roles.USER);

        revoke(subject, Instant.now(), ended, RevocationReason.LOGOUT);

        Awaitility.await().atMost(WAIT).until(() -> me(endedToken) == 401);
        given().auth().oauth2(endedToken).get("/test/me").then().statusCode(401).contentType("application/problem+json");
        assertTrue(me(otherToken) == 200, "another login of the same subject goes on");
    }

    @Test
    void aRevocationIsRefusedWithinASecondAndLaterTokensWork() {
        // a first revocation shows the consumer is assigned; the second is timed
        UUID warmUp = UUID.randomUUID();
        String warmUpToken = token(warmUp, Instant.now().minusSeconds(5), null, Roles.USER);
        revoke(warmUp, Instant.now(), null, RevocationReason.LOGOUT_EVERYWHERE);
        Awaitility.await().atMost(WAIT).until(() -> me(warmUpToken) == 401);

        UUID subject = UUID.randomUUID();
        Instant earlier = Instant.now().minusSeconds(5);
        String old = token(subject, earlier, UUID.randomUUID(), Roles.USER);
        assertTrue(me(old) == 200);
        Instant revokedAt = Instant.now();
        revoke(subject, revokedAt, null, RevocationReason.PASSWORD_CHANGED);
        long sent = System.nanoTime();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> me(old) == 401);
        Duration took = Duration.ofNanos(System.nanoTime() - sent);

        assertTrue(took.compareTo(Duration.ofSeconds(1)) <= 0, "refused after " + took.toMillis() + " ms");
        // the login the password change returned is issued after the revoked second
        String fresh = token(subject, revokedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1), UUID.randomUUID(), Roles.USER);
        assertTrue(me(fresh) == 200);
    }

    @Test
    void anErasedSubjectsTokenReadsOnlyWhatTheServiceLeavesReadable() {
        UUID subject = UUID.randomUUID();
        String token = token(subject, Instant.now().minusSeconds(5), null, Roles.USER, Roles.DPO);
        revoke(subject, Instant.now(), null, RevocationReason.ACCOUNT_DELETED);

        Awaitility.await().atMost(WAIT).until(() -> given().auth().oauth2(token).get("/test/dpo-only").statusCode() == 401);
        // this application lists /test/me as readable after erasure (application.properties)
        assertTrue(me(token) == 200);
    }

    @Test
    void theInstanceIsReadyOnceItHasReadTheRevocationsThatExistedAtItsStart() {
        Awaitility.await().atMost(WAIT).until(() -> Management.given().get("/q/health/ready").statusCode() == 200);
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'token revocations read' }.status",
                        org.hamcrest.Matchers.equalTo("UP"));
    }

    @Test
    void aForgedRevocationChangesNothing() {
        UUID subject = UUID.randomUUID();
        String token = token(subject, Instant.now().minusSeconds(5), null, Roles.USER);
        String consumer = "runtime-test.revocations";
        double before = RefusedRecords.count(consumer);
        EventEnvelope<TokensRevoked> forged = EventEnvelope.of("account-service", subject,
                new TokensRevoked(Instant.now(), null, RevocationReason.LOGOUT_EVERYWHERE));

        TopicWriter.sendUnsigned(forged);
        TopicWriter.sendSignedBy(TestEventKeys.impostor("account-service"), forged);
        TopicWriter.send(EventEnvelope.of("chat-service", subject,
                new TokensRevoked(Instant.now(), null, RevocationReason.LOGOUT_EVERYWHERE)));

        Awaitility.await().atMost(WAIT).until(() -> RefusedRecords.count(consumer) - before >= 3);
        assertTrue(me(token) == 200, "nobody but account-service revokes tokens");
    }
}
