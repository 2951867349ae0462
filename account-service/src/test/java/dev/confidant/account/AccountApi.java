package dev.confidant.account;

import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.testing.EmbeddedSmtpResource;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.TopicWriter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.awaitility.Awaitility;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** What the tests do as a person would: register, read mails, follow links, log in. */
final class AccountApi {

    static final String PASSWORD = "a long and unusual passphrase";
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static final Pattern LINK_TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

    private AccountApi() {
    }

    /** A client address of its own, so lockouts of one test never touch another. */
    static String freshClientAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "10.9." + (n / 250) + "." + (n % 250 + 1);
    }

    static String freshEmail() {
        return "person-" + UUID.randomUUID() + "@example.org";
    }

    static RequestSpecification from(String clientAddress) {
        return given().header("X-Forwarded-For", clientAddress).contentType(ContentType.JSON);
    }

    static Map<String, Object> registration(String email, LocalDate dateOfBirth) {
        return new java.util.HashMap<>(Map.of("email", email, "password", PASSWORD, "displayName", "Ada",
                "dateOfBirth", dateOfBirth.toString()));
    }

    static Response register(String email) {
        return from(freshClientAddress()).body(registration(email, LocalDate.now().minusYears(30)))
                .post("/api/accounts");
    }

    /** The token of the link in the newest mail to {@code email} whose subject starts with {@code subjectStart}. */
    static String linkToken(String email, String subjectStart) {
        return Awaitility.await("a mail '" + subjectStart + "' with a link").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> newestLinkToken(email, subjectStart), java.util.Optional::isPresent).orElseThrow();
    }

    private static java.util.Optional<String> newestLinkToken(String email, String subjectStart) {
        List<EmbeddedSmtpResource.ReceivedMail> mails = EmbeddedSmtpResource.messagesTo(email);
        for (int i = mails.size() - 1; i >= 0; i--) {
            if (mails.get(i).subject().startsWith(subjectStart)) {
                Matcher matcher = LINK_TOKEN.matcher(mails.get(i).body());
                if (matcher.find()) {
                    return java.util.Optional.of(matcher.group(1));
                }
            }
        }
        return java.util.Optional.empty();
    }

    static Response login(String email, String password, String clientAddress) {
        return from(clientAddress).body(Map.of("email", email, "password", password)).post("/api/auth/login");
    }

    /** Registers, confirms the address through the mailed link, logs in; returns the login response. */
    static Response registeredAndLoggedIn(String email) {
        register(email).then().statusCode(202);
        given().queryParam("token", linkToken(email, "Confirm your email")).get("/api/accounts/verify-email")
                .then().statusCode(200);
        return login(email, PASSWORD, freshClientAddress()).then().statusCode(200).extract().response();
    }

    /** Publishes a command as retention-service would. */
    static void sendCommand(EventEnvelope<?> command) {
        TopicWriter.send(command);
    }

    /** Runs an update on the service's database, e.g. to age a row as time would. */
    static void execute(String sql, Object parameter) throws SQLException {
        ServiceDatabase.execute(sql, parameter);
    }

    static long count(String sql, Object parameter) throws SQLException {
        return ServiceDatabase.count(sql, parameter);
    }
}
