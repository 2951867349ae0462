package dev.confidant.account;

import dev.confidant.platform.testing.EmbeddedSmtpResource;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.confidant.account.AccountApi.PASSWORD;
import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static dev.confidant.account.AccountApi.login;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@SuiteInfrastructure
class CredentialsTest {

    private static final String NEW_PASSWORD = "an even longer and stranger passphrase";

    @Test
    void changingThePasswordEndsEverySessionAndReturnsAFreshOne() {
        String email = freshEmail();
        Response session = AccountApi.registeredAndLoggedIn(email);
        String old = session.path("accessToken");

        from(freshClientAddress()).auth().oauth2(old)
                .body(Map.of("currentPassword", "a guess that is wrong", "newPassword", NEW_PASSWORD))
                .post("/api/accounts/me/password").then().statusCode(403);
        from(freshClientAddress()).auth().oauth2(old)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "password1234"))
                .post("/api/accounts/me/password").then().statusCode(422)
                .body("errors[0].field", equalTo("newPassword"));

        String fresh = from(freshClientAddress()).auth().oauth2(old)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD))
                .post("/api/accounts/me/password").then().statusCode(200).extract().path("accessToken");

        given().auth().oauth2(old).get("/api/accounts/me").then().statusCode(401);
        given().auth().oauth2(fresh).get("/api/accounts/me").then().statusCode(200);
        from(freshClientAddress()).body(Map.of("refreshToken", session.path("refreshToken")))
                .post("/api/auth/refresh").then().statusCode(401);
        login(email, PASSWORD, freshClientAddress()).then().statusCode(401);
        login(email, NEW_PASSWORD, freshClientAddress()).then().statusCode(200);
    }

    @Test
    void aMailedResetLinkSetsANewPasswordOnceAndLiftsTheLock() {
        String email = freshEmail();
        AccountApi.register(email).then().statusCode(202);
        for (int i = 0; i < 5; i++) {
            login(email, "forgotten passphrase " + i, freshClientAddress()).then().statusCode(401);
        }

        from(freshClientAddress()).body(Map.of("email", email.toUpperCase())).post("/api/auth/password-reset")
                .then().statusCode(202);
        String token = AccountApi.linkToken(email, "Reset your Confidant password");
        given().queryParam("token", token).get("/api/auth/password-reset/form").then().statusCode(200)
                .body(containsString("Choose a new password"));

        // a refused password changes nothing: the link still works
        from(freshClientAddress()).body(Map.of("token", token, "newPassword", "password1234"))
                .post("/api/auth/password-reset/confirm").then().statusCode(422)
                .body("errors[0].field", equalTo("newPassword"));
        from(freshClientAddress()).body(Map.of("token", token, "newPassword", NEW_PASSWORD))
                .post("/api/auth/password-reset/confirm").then().statusCode(204);
        from(freshClientAddress()).body(Map.of("token", token, "newPassword", NEW_PASSWORD + "!"))
                .post("/api/auth/password-reset/confirm").then().statusCode(400);

        login(email, NEW_PASSWORD, freshClientAddress()).then().statusCode(200);
    }

    @Test
    void aResetForAnUnknownAddressLooksTheSameAndSendsNothing() throws Exception {
        String known = freshEmail();
        AccountApi.register(known).then().statusCode(202);
        String unknown = freshEmail();

        String forKnown = from(freshClientAddress()).body(Map.of("email", known)).post("/api/auth/password-reset")
                .then().statusCode(202).extract().asString();
        String forUnknown = from(freshClientAddress()).body(Map.of("email", unknown)).post("/api/auth/password-reset")
                .then().statusCode(202).extract().asString();

        assertEquals(forKnown, forUnknown);
        AccountApi.linkToken(known, "Reset your Confidant password");
        Awaitility.await("nothing mailed to the unknown address").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(1)).until(() -> EmbeddedSmtpResource.messagesTo(unknown).isEmpty());
    }

    @Test
    void loggingInRightAfterLoggingOutEverywhereWorks() {
        String email = freshEmail();
        Response session = AccountApi.registeredAndLoggedIn(email);
        from(freshClientAddress()).auth().oauth2(session.<String>path("accessToken")).body(Map.of("everywhere", true))
                .post("/api/auth/logout").then().statusCode(204);

        String again = login(email, PASSWORD, freshClientAddress()).then().statusCode(200).extract().path("accessToken");

        given().auth().oauth2(again).get("/api/accounts/me").then().statusCode(200);
    }
}
