package dev.confidant.account;

import dev.confidant.platform.testing.EmbeddedSmtpResource;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import static dev.confidant.account.AccountApi.count;
import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static dev.confidant.account.AccountApi.registration;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Registration cannot be turned into a mail cannon: limits per sender address and per recipient. */
@QuarkusTest
@SuiteInfrastructure
class RegistrationLimitsTest {

    @Test
    void oneClientAddressRegistersTwentyTimesAnHourThenGetsA429AndNothingIsKept() throws Exception {
        String sender = freshClientAddress();
        for (int i = 0; i < 20; i++) {
            from(sender).body(registration(freshEmail(), LocalDate.now().minusYears(30))).post("/api/accounts")
                    .then().statusCode(202);
        }
        String refused = freshEmail();
        from(sender).body(registration(refused, LocalDate.now().minusYears(30))).post("/api/accounts")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());

        assertEquals(0, count("SELECT count(*) FROM account WHERE email = ?", refused));
        from(freshClientAddress()).body(registration(refused, LocalDate.now().minusYears(30))).post("/api/accounts")
                .then().statusCode(202);
    }

    @Test
    void anAddressGetsAtMostFiveUnaskedMailsADayHoweverOftenItIsTyped() {
        String victim = freshEmail();
        AccountApi.register(victim).then().statusCode(202); // the verification mail: 1
        Map<String, Object> again = registration(victim, LocalDate.now().minusYears(30));
        for (int i = 0; i < 8; i++) { // "someone tried to register": 4 more, then nothing
            from(freshClientAddress()).body(again).post("/api/accounts").then().statusCode(202);
        }
        Map<String, Object> reset = Map.of("email", victim);
        for (int i = 0; i < 3; i++) { // password-reset mails are unasked mails too
            from(freshClientAddress()).body(reset).post("/api/auth/password-reset").then().statusCode(202);
        }

        // mails leave one at a time in order: once a later one has arrived, every earlier one that was sent has
        String marker = freshEmail();
        AccountApi.register(marker).then().statusCode(202);
        EmbeddedSmtpResource.awaitMessagesTo(marker, 1, Duration.ofSeconds(20));
        assertEquals(5, EmbeddedSmtpResource.messagesTo(victim).size());
        assertEquals(4, EmbeddedSmtpResource.messagesTo(victim).stream()
                .filter(mail -> mail.subject().startsWith("Someone tried to register")).count());
    }
}
