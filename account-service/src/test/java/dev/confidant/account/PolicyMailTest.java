package dev.confidant.account;

import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.PolicyVersionPublished;
import dev.confidant.platform.testing.EmbeddedSmtpResource;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.confidant.account.AccountApi.freshEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new privacy policy version announced by consent-service reaches every account holder by mail, once. */
@QuarkusTest
@SuiteInfrastructure
class PolicyMailTest {

    @Test
    void everyVerifiedHolderIsMailedOnceBeforeAMaterialChangeTakesEffect() throws Exception {
        String holder = freshEmail();
        String other = freshEmail();
        AccountApi.registeredAndLoggedIn(holder);
        AccountApi.registeredAndLoggedIn(other);
        String unverified = freshEmail();
        AccountApi.register(unverified).then().statusCode(202);

        String version = "m-" + UUID.randomUUID().toString().substring(0, 8);
        Instant effective = Instant.parse("2031-03-01T00:00:00Z");
        EventEnvelope<PolicyVersionPublished> published = EventEnvelope.of("consent-service", null,
                new PolicyVersionPublished(version, Instant.now(), effective, true, "We now also do X."));
        TopicWriter.send(published, published); // redelivered

        List<EmbeddedSmtpResource.ReceivedMail> mails = EmbeddedSmtpResource.awaitMessagesTo(holder, 2,
                Duration.ofSeconds(30));
        EmbeddedSmtpResource.ReceivedMail mail = mails.get(1);
        assertEquals("Our privacy policy is changing", mail.subject());
        assertTrue(mail.body().contains("changes on 1 March 2031 (version " + version + ")"), mail.body());
        assertTrue(mail.body().contains("We now also do X."), mail.body());
        assertTrue(mail.body().contains("confirm your consent choices again"), mail.body());
        EmbeddedSmtpResource.awaitMessagesTo(other, 2, Duration.ofSeconds(30));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM policy_notice WHERE version = ? AND completed_at IS NOT NULL", version) == 1);
        // a mailer round after completion: nobody is mailed twice
        Awaitility.await("verification mail and one policy mail").during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3)).until(() -> EmbeddedSmtpResource.messagesTo(holder).size() == 2);
        assertTrue(EmbeddedSmtpResource.messagesTo(unverified).stream()
                .noneMatch(m -> m.subject().startsWith("Our privacy policy")), "an unconfirmed address is not mailed");
        assertTrue(ServiceDatabase.count("SELECT mailed_count FROM policy_notice WHERE version = ?", version) >= 2);
    }
}
