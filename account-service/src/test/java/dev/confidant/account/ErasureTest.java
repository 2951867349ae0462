package dev.confidant.account;

import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.DeletionReason;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.ExpiryCompleted;
import dev.confidant.platform.events.OwnedCategory;
import dev.confidant.platform.events.PersonalDataDeleted;
import dev.confidant.platform.events.StoreCount;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.confidant.account.AccountApi.PASSWORD;
import static dev.confidant.account.AccountApi.count;
import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.login;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** retention-service's commands, as it sends them, and this service's acknowledgements. */
@QuarkusTest
@SuiteInfrastructure
class ErasureTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void anEraseCommandRemovesEveryRowOfTheSubjectOnceAndIsAcknowledgedWithCounts() throws Exception {
        String email = freshEmail();
        Response holder = AccountApi.registeredAndLoggedIn(email);
        login(email, PASSWORD, freshClientAddress()).then().statusCode(200);
        UUID subject = UUID.fromString(holder.path("subjectId"));
        UUID requestId = UUID.randomUUID();
        EventEnvelope<ErasureRequested> command = EventEnvelope.of("retention-service", subject,
                new ErasureRequested(requestId, ErasureOrigin.SUBJECT, Instant.now().plus(Duration.ofDays(30))));

        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS)) {
            AccountApi.sendCommand(command);
            AccountApi.sendCommand(command); // redelivered

            ConsumerRecord<String, byte[]> ack = acks.await(r -> subject.toString().equals(r.key()), 1,
                    Duration.ofSeconds(30)).get(0);
            ErasureCompleted completed = (ErasureCompleted) codec.decode(ack.value()).payload();
            assertEquals(requestId, completed.requestId());
            assertEquals("account-service", completed.owner());
            Map<String, Long> counts = completed.erased().stream()
                    .collect(Collectors.toMap(StoreCount::category, StoreCount::count));
            assertEquals(2L, counts.get("account.security-log"), "two logins");
            assertTrue(counts.get("account.profile") >= 3, "account, refresh tokens: " + counts);
            assertEquals(command.correlationId(), codec.decode(ack.value()).correlationId());

            for (String table : List.of("account", "security_log_entry", "refresh_token", "one_time_token",
                    "account_role", "profile_change", "visitor_link")) {
                assertEquals(0, count("SELECT count(*) FROM " + table + " WHERE subject_id = ?", subject), table);
            }
            assertEquals(0, count("SELECT count(*) FROM login_failure WHERE email = ?", email));
            given().auth().oauth2(holder.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(401);

            // a marker after the duplicate: once its ack is here, the duplicate was handled, with no second ack
            EventEnvelope<ErasureRequested> marker = EventEnvelope.of("retention-service", subject,
                    new ErasureRequested(UUID.randomUUID(), ErasureOrigin.DPO, Instant.now().plus(Duration.ofDays(30))));
            AccountApi.sendCommand(marker);
            List<ConsumerRecord<String, byte[]>> all = acks.await(r -> subject.toString().equals(r.key()), 2,
                    Duration.ofSeconds(30));
            assertEquals(2, all.size());
            assertEquals(marker.payload().requestId(),
                    ((ErasureCompleted) codec.decode(all.get(1).value()).payload()).requestId());
        }
    }

    @Test
    void anExpireCommandRemovesOldSecurityLogEntriesExceptHeldOnes() throws Exception {
        String heldEmail = freshEmail();
        UUID held = UUID.fromString(AccountApi.registeredAndLoggedIn(heldEmail).path("subjectId"));
        UUID other = UUID.fromString(AccountApi.registeredAndLoggedIn(freshEmail()).path("subjectId"));
        UUID sweep = UUID.randomUUID();

        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS)) {
            AccountApi.sendCommand(EventEnvelope.of("retention-service", null, new ExpireRecords(sweep, "account.security-log",
                    Instant.now().plusSeconds(1), List.of(held))));

            ConsumerRecord<String, byte[]> ack = acks.await(r -> codec.decode(r.value()).payload()
                    instanceof ExpiryCompleted done && done.sweepId().equals(sweep), 1, Duration.ofSeconds(30)).get(0);
            assertTrue(((ExpiryCompleted) codec.decode(ack.value()).payload()).expired().get(0).count() >= 1);
        }
        assertEquals(0, count("SELECT count(*) FROM security_log_entry WHERE subject_id = ?", other));
        assertEquals(1, count("SELECT count(*) FROM security_log_entry WHERE subject_id = ?", held));
    }

    @Test
    void accountsInactiveSinceTheCutoffExpireExceptHeldOnes() throws Exception {
        UUID stale = UUID.fromString(AccountApi.registeredAndLoggedIn(freshEmail()).path("subjectId"));
        UUID staleButHeld = UUID.fromString(AccountApi.registeredAndLoggedIn(freshEmail()).path("subjectId"));
        UUID active = UUID.fromString(AccountApi.registeredAndLoggedIn(freshEmail()).path("subjectId"));
        for (UUID old : List.of(stale, staleButHeld)) {
            AccountApi.execute("UPDATE account SET last_active_at = now() - interval '4 years' WHERE subject_id = ?", old);
        }
        UUID sweep = UUID.randomUUID();

        try (TopicReader topics = TopicReader.fromBeginning(Topics.PRIVACY_ACKS, Topics.PERSONAL_DATA)) {
            AccountApi.sendCommand(EventEnvelope.of("retention-service", null, new ExpireRecords(sweep,
                    "account.profile", Instant.now().minus(Duration.ofDays(3 * 365)), List.of(staleButHeld))));

            topics.await(r -> codec.decode(r.value()).payload() instanceof ExpiryCompleted done
                    && done.sweepId().equals(sweep), 1, Duration.ofSeconds(30));
            topics.await(r -> stale.toString().equals(r.key()) && codec.decode(r.value()).payload()
                    instanceof PersonalDataDeleted deleted && deleted.reason() == DeletionReason.EXPIRY,
                    1, Duration.ofSeconds(30));
        }
        assertEquals(0, count("SELECT count(*) FROM account WHERE subject_id = ?", stale));
        assertEquals(0, count("SELECT count(*) FROM security_log_entry WHERE subject_id = ?", stale));
        assertEquals(1, count("SELECT count(*) FROM account WHERE subject_id = ?", staleButHeld));
        assertEquals(1, count("SELECT count(*) FROM account WHERE subject_id = ?", active));
    }

    @Test
    void theServiceAnnouncesTheCategoriesItOwns() {
        try (TopicReader owners = TopicReader.fromBeginning(Topics.DATA_OWNERS)) {
            ConsumerRecord<String, byte[]> record = owners.await(r -> "account-service".equals(r.key()), 1,
                    Duration.ofSeconds(30)).get(0);
            DataOwnerRegistered registration = (DataOwnerRegistered) codec.decode(record.value()).payload();
            assertEquals(List.of(new OwnedCategory("account.profile", List.of("account-db")),
                    new OwnedCategory("account.security-log", List.of("account-db")),
                    new OwnedCategory("audit.access-log", List.of("account-db"))), registration.categories());
        }
    }
}
