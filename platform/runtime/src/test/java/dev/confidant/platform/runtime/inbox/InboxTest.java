package dev.confidant.platform.runtime.inbox;

import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventSigner;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.testing.TestEventKeys;
import dev.confidant.platform.testing.TopicWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@SuiteInfrastructure
class InboxTest {

    private final EventCodec codec = new EventCodec();

    @Inject
    Inbox inbox;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void aRedeliveredEventHasOneEffect() throws Exception {
        UUID subject = UUID.randomUUID();
        EventEnvelope<AccountRegistered> event = EventEnvelope.of("account-service", subject,
                new AccountRegistered(Instant.now(), false));
        EventEnvelope<AccountRegistered> marker = EventEnvelope.of("account-service", subject,
                new AccountRegistered(Instant.now(), false));
        byte[] value = codec.encode(event);
        EventSigner.RecordSignature signature = TestEventKeys.signer("account-service").sign(Topics.ACCOUNTS, value);

        // the same record twice, as a producer retry or a consumer rebalance would deliver it
        TopicWriter.sendRaw(Topics.ACCOUNTS, subject.toString(), value, signature);
        TopicWriter.sendRaw(Topics.ACCOUNTS, subject.toString(), value, signature);
        TopicWriter.send(marker);

        // the marker follows both copies on the same partition: once its effect is there, both copies were handled
        await().atMost(Duration.ofSeconds(30)).until(() -> effects(marker.eventId()) == 1);
        assertEquals(1, effects(event.eventId()));
    }

    @Test
    void aForgedOrUnreadableRecordIsCountedAndSkippedAndThePartitionFlowsOn() throws Exception {
        UUID subject = UUID.randomUUID();
        double refusedBefore = refused();
        EventEnvelope<AccountRegistered> unsigned = EventEnvelope.of("account-service", subject,
                new AccountRegistered(Instant.now(), false));
        EventEnvelope<AccountRegistered> impostor = EventEnvelope.of("account-service", subject,
                new AccountRegistered(Instant.now(), false));
        EventEnvelope<AccountRegistered> original = EventEnvelope.of("account-service", subject,
                new AccountRegistered(Instant.now(), false));
        EventEnvelope<AccountRegistered> changed = new EventEnvelope<>(UUID.randomUUID(), original.type(),
                original.schemaVersion(), original.occurredAt(), original.source(), original.subjectId(),
                original.correlationId(), new AccountRegistered(Instant.now(), true));
        EventEnvelope<AccountRegistered> marker = EventEnvelope.of("account-service", subject,
                new AccountRegistered(Instant.now(), false));

        TopicWriter.sendUnsigned(unsigned);
        TopicWriter.sendSignedBy(TestEventKeys.impostor("account-service"), impostor);
        // a genuine signature replayed over a changed body
        EventSigner.RecordSignature genuine = TestEventKeys.signer("account-service").sign(Topics.ACCOUNTS, codec.encode(original));
        TopicWriter.sendRaw(Topics.ACCOUNTS, subject.toString(), codec.encode(changed), genuine);
        TopicWriter.sendRaw(Topics.ACCOUNTS, subject.toString(),
                "{\"type\": \"NoSuchEvent\"}".getBytes(StandardCharsets.UTF_8),
                TestEventKeys.signer("account-service").sign(Topics.ACCOUNTS,
                        "{\"type\": \"NoSuchEvent\"}".getBytes(StandardCharsets.UTF_8)));
        TopicWriter.send(marker);

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(marker.eventId()) == 1);
        assertEquals(0, effects(unsigned.eventId()));
        assertEquals(0, effects(impostor.eventId()));
        assertEquals(0, effects(changed.eventId()));
        assertEquals(0, effects(original.eventId()));
        assertEquals(4, refused() - refusedBefore, 0.001);
    }

    @Test
    void theSecondDeliveryIsRecognisedAcrossTransactions() {
        UUID eventId = UUID.randomUUID();

        assertTrue(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery("consumer-a", eventId)));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery("consumer-a", eventId)));
        // another consumer processes the same event independently
        assertTrue(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery("consumer-b", eventId)));
    }

    @Test
    void aRolledBackEffectLeavesTheEventToBeProcessedAgain() {
        UUID eventId = UUID.randomUUID();

        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            assertTrue(inbox.firstDelivery("consumer-a", eventId));
            throw new IllegalStateException("the effect failed");
        }));

        assertTrue(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery("consumer-a", eventId)));
    }

    private long effects(UUID eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM test_effect WHERE event_id = ?")) {
            select.setObject(1, eventId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private double refused() {
        return registry.find("confidant.events.refused").tag("consumer", "test-consumer").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }
}
