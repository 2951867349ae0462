package dev.confidant.account;

import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.testing.Management;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
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
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@SuiteInfrastructure
class LoginTest {

    @Test
    void aWrongPasswordAndAnUnknownAddressGetTheSameAnswer() {
        String email = freshEmail();
        AccountApi.register(email).then().statusCode(202);

        String wrongPassword = login(email, "not the right passphrase", freshClientAddress())
                .then().statusCode(401).contentType("application/problem+json").extract().asString();
        String unknown = login(freshEmail(), PASSWORD, freshClientAddress())
                .then().statusCode(401).extract().asString();

        assertEquals(wrongPassword, unknown);
    }

    @Test
    void fiveFailuresLockThatEmailFromThatAddressOnlyForFifteenMinutesWithTheSameAnswer() {
        String email = freshEmail();
        AccountApi.register(email).then().statusCode(202);
        String attacker = freshClientAddress();
        String refusal = null;
        for (int i = 0; i < 5; i++) {
            refusal = login(email, "wrong passphrase " + i, attacker).then().statusCode(401).extract().asString();
        }

        // the right password from the locked address: the same refusal
        String locked = login(email, PASSWORD, attacker).then().statusCode(401).extract().asString();
        assertEquals(refusal, locked);
        // the holder, anywhere else, is not kept out
        login(email, PASSWORD, freshClientAddress()).then().statusCode(200);

        QuarkusMock.installMockForType(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16)), Clock.class);
        login(email, PASSWORD, attacker).then().statusCode(200);
    }

    @Test
    void refusedLoginsAreCountedForTheIntrusionAlert() {
        double before = refusedLogins();
        login(freshEmail(), "not the right passphrase", freshClientAddress()).then().statusCode(401);
        login(freshEmail(), "not the right passphrase", freshClientAddress()).then().statusCode(401);
        assertEquals(before + 2, refusedLogins());
    }

    private static double refusedLogins() {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("confidant_logins_refused_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void guessingFromManyAddressesLocksTheAccountEverywhereExceptWhereItsHolderSignsIn() {
        String email = freshEmail();
        AccountApi.register(email).then().statusCode(202);
        String home = freshClientAddress();
        login(email, PASSWORD, home).then().statusCode(200);

        // 20 failures, each from an address of its own: no address reaches its own lock
        for (int i = 0; i < 20; i++) {
            login(email, "guess " + i, freshClientAddress()).then().statusCode(401);
        }

        login(email, PASSWORD, freshClientAddress()).then().statusCode(401);
        login(email, PASSWORD, home).then().statusCode(200);

        QuarkusMock.installMockForType(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16)), Clock.class);
        login(email, PASSWORD, freshClientAddress()).then().statusCode(200);
    }

    @Test
    void oneAddressGetsThirtyLoginAttemptsAMinuteThenA429BeforeAnyPasswordCheck() {
        String email = freshEmail();
        AccountApi.register(email).then().statusCode(202);
        String address = freshClientAddress();
        for (int i = 0; i < 30; i++) {
            login(email, PASSWORD, address).then().statusCode(200);
        }

        login(email, PASSWORD, address).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("detail", not(containsString(email)));
        login(email, PASSWORD, freshClientAddress()).then().statusCode(200);
    }

    @Test
    void fiveFailuresFromOneAddressLockThatAddressOnly() {
        String email = freshEmail();
        AccountApi.register(email).then().statusCode(202);
        String attacker = freshClientAddress();
        for (int i = 0; i < 5; i++) {
            login(freshEmail(), PASSWORD, attacker).then().statusCode(401);
        }

        login(email, PASSWORD, attacker).then().statusCode(401);
        login(email, PASSWORD, freshClientAddress()).then().statusCode(200);
    }

    @Test
    void refreshTokensRotateAndReuseRevokesTheWholeFamily() {
        Response first = AccountApi.registeredAndLoggedIn(freshEmail());
        String original = first.path("refreshToken");

        Response second = from(freshClientAddress()).body(Map.of("refreshToken", original)).post("/api/auth/refresh")
                .then().statusCode(200)
                .body("refreshToken", not(equalTo(original)))
                .body("subjectId", equalTo(first.path("subjectId")))
                .extract().response();
        String rotated = second.path("refreshToken");
        given().auth().oauth2(second.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(200);

        // the original is presented again: someone copied it
        from(freshClientAddress()).body(Map.of("refreshToken", original)).post("/api/auth/refresh")
                .then().statusCode(401).body("type", equalTo("https://confidant.dev/problems/refresh-refused"));
        from(freshClientAddress()).body(Map.of("refreshToken", rotated)).post("/api/auth/refresh")
                .then().statusCode(401);
    }

    @Test
    void logoutRevokesTheSessionAndLogoutEverywhereEveryToken() {
        String email = freshEmail();
        Response session = AccountApi.registeredAndLoggedIn(email);
        String access = session.path("accessToken");

        from(freshClientAddress()).auth().oauth2(access).body(Map.of("refreshToken", session.path("refreshToken")))
                .post("/api/auth/logout").then().statusCode(204);
        from(freshClientAddress()).body(Map.of("refreshToken", session.path("refreshToken"))).post("/api/auth/refresh")
                .then().statusCode(401);
        // the login's access token ends with it, not only its refresh token
        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(401);

        Response other = login(email, PASSWORD, freshClientAddress()).then().statusCode(200).extract().response();
        from(freshClientAddress()).auth().oauth2(other.<String>path("accessToken")).body(Map.of("everywhere", true))
                .post("/api/auth/logout").then().statusCode(204);
        given().auth().oauth2(other.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(401);
        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(401);
    }

    @Test
    void aLoginIsInTheSecurityLogAndAnnouncedAsPersonalData() throws Exception {
        String email = freshEmail();
        AccountApi.register(email).then().statusCode(202);
        try (TopicReader reader = TopicReader.fromBeginning(Topics.PERSONAL_DATA)) {
            String subject = from("10.200.0.7").header("User-Agent", "TestBrowser/1.0")
                    .body(Map.of("email", email, "password", PASSWORD)).post("/api/auth/login")
                    .then().statusCode(200).extract().path("subjectId");

            assertEquals(1, count("SELECT count(*) FROM security_log_entry WHERE subject_id = ?::uuid "
                    + "AND event = 'login' AND client_address = '10.200.0.7' AND user_agent = 'TestBrowser/1.0'", subject));
            EventCodec codec = new EventCodec();
            reader.await(r -> subject.equals(r.key()) && codec.decode(r.value()).payload()
                    instanceof PersonalDataCreated created && created.category().equals("account.security-log"),
                    1, Duration.ofSeconds(30));
        }
    }

    @Test
    void badLoginInputIsAProblem() {
        from(freshClientAddress()).body(Map.of("email", "x@example.org")).post("/api/auth/login")
                .then().statusCode(422).body("errors[0].field", equalTo("password"));
        from(freshClientAddress()).body("not json").post("/api/auth/login").then().statusCode(400);
        String body = from(freshClientAddress()).body(Map.of("refreshToken", "made-up")).post("/api/auth/refresh")
                .then().statusCode(401).extract().asString();
        assertTrue(body.contains("log in again"));
    }
}
