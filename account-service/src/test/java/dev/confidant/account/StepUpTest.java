package dev.confidant.account;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.account.AccountApi.PASSWORD;
import static dev.confidant.account.AccountApi.count;
import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sensitive actions need a sign-in within 5 minutes (auth_time): an email change, creating staff, changing roles. A
 * stolen access token alone does not do them; the holder confirms the password (step-up) and goes on.
 */
@QuarkusTest
@SuiteInfrastructure
class StepUpTest {

    private static String signedInLongAgo(UUID subject, String... roles) {
        Instant now = Instant.now();
        return TestTokens.sign(TestTokens.claims(subject, roles).claim("auth_time", now.minus(Duration.ofMinutes(20))
                .getEpochSecond()));
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void staffChangesNeedARecentSignInAndSayHowToGetOne() throws Exception {
        String stale = signedInLongAgo(UUID.randomUUID(), Roles.ADMIN);
        String email = freshEmail();

        given().auth().oauth2(stale).contentType(ContentType.JSON)
                .body(Map.of("email", email, "displayName", "Mallory", "role", "admin"))
                .post("/api/staff").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("max_age=300"))
                .body("type", containsString("step-up-required"))
                .body("detail", containsString("/api/auth/step-up"));
        given().auth().oauth2(stale).contentType(ContentType.JSON)
                .body(Map.of("roles", java.util.List.of("admin"), "reason", "a test"))
                .put("/api/staff/" + UUID.randomUUID() + "/roles").then().statusCode(401);
        assertEquals(0, count("SELECT count(*) FROM account WHERE email = ?", email), "nothing was created");
    }

    @Test
    void theHolderConfirmsThePasswordAndTheNewTokenDoesIt() {
        String email = freshEmail();
        Response login = AccountApi.registeredAndLoggedIn(email);
        String access = login.path("accessToken");
        assertTrue(claims(access).contains("\"auth_time\""), "a login proves a sign-in");

        from(freshClientAddress()).auth().oauth2(access).body(Map.of("password", "not the password"))
                .post("/api/auth/step-up").then().statusCode(403).contentType("application/problem+json");
        String fresh = from(freshClientAddress()).auth().oauth2(access).body(Map.of("password", PASSWORD))
                .post("/api/auth/step-up").then().statusCode(200).body("tokenType", equalTo("Bearer"))
                .extract().path("accessToken");

        String sid = claims(access).replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
        assertTrue(claims(fresh).contains("\"sid\":\"" + sid + "\""), "the same login, so a logout ends it too");
        from(freshClientAddress()).auth().oauth2(fresh).body(Map.of("email", freshEmail()))
                .patch("/api/accounts/me").then().statusCode(200);
    }

    @Test
    void anEmailChangeWithAnOldSignInChangesNothing() throws Exception {
        String email = freshEmail();
        Response login = AccountApi.registeredAndLoggedIn(email);
        UUID subject = UUID.fromString(login.path("subjectId"));
        String stale = signedInLongAgo(subject, Roles.USER);

        from(freshClientAddress()).auth().oauth2(stale).body(Map.of("email", freshEmail()))
                .patch("/api/accounts/me").then().statusCode(401)
                .header("WWW-Authenticate", containsString("insufficient_user_authentication"));
        assertEquals(0, count("SELECT count(*) FROM account WHERE email = ? AND pending_email IS NOT NULL", email));
        // a name correction is not sensitive
        from(freshClientAddress()).auth().oauth2(stale).body(Map.of("displayName", "Ada L."))
                .patch("/api/accounts/me").then().statusCode(200);
    }
}
