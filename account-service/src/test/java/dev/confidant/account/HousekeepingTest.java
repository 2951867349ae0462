package dev.confidant.account;

import dev.confidant.account.service.AccountHousekeeping;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@SuiteInfrastructure
class HousekeepingTest {

    @Inject
    AccountHousekeeping housekeeping;

    @Test
    void failedLoginsAndSpentTokensDoNotOutliveTheirPurpose() throws Exception {
        String email = freshEmail();
        Response session = AccountApi.registeredAndLoggedIn(email);
        login(freshEmail(), PASSWORD, "10.250.0.1").then().statusCode(401);
        from(freshClientAddress()).body(Map.of("refreshToken", session.path("refreshToken")))
                .post("/api/auth/refresh").then().statusCode(200);

        housekeeping.clean();
        assertEquals(1, count("SELECT count(*) FROM login_failure WHERE client_address = ?", "10.250.0.1"),
                "still inside the lockout window");

        QuarkusMock.installMockForType(Clock.offset(Clock.systemUTC(), Duration.ofDays(31)), Clock.class);
        assertTrue(housekeeping.clean() > 0);

        assertEquals(0, count("SELECT count(*) FROM login_failure WHERE client_address = ?", "10.250.0.1"));
        assertEquals(0, count("SELECT count(*) FROM one_time_token WHERE subject_id = ?::uuid",
                session.path("subjectId")));
        assertEquals(0, count("SELECT count(*) FROM refresh_token WHERE subject_id = ?::uuid",
                session.path("subjectId")));
        assertEquals(1, count("SELECT count(*) FROM account WHERE email = ?", email), "the account itself stays");
    }
}
