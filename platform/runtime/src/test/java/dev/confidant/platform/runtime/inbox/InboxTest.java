package dev.confidant.platform.runtime.inbox;

import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.testing.EmbeddedKafkaResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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

    @Test
    void aRedeliveredEventHasOneEffect() throws Exception {
        UUID subject = UUID.randomUUID();
        EventEnvelope<AccountRegistered> event = EventEnvelope.of("account-service", subject,
                new AccountRegistered(Instant.now(), false));
        EventEnvelope<AccountRegistered> marker = EventEnvelope.of("account-service", subject,
                new AccountRegistered(Instant.now(), false));

        try (KafkaProducer<String, byte[]> producer = producer()) {
            // the same record twice, as a producer retry or a consumer rebalance would deliver it
            producer.send(new ProducerRecord<>("confidant.test-inbox", subject.toString(), codec.encode(event))).get();
            producer.send(new ProducerRecord<>("confidant.test-inbox", subject.toString(), codec.encode(event))).get();
            producer.send(new ProducerRecord<>("confidant.test-inbox", subject.toString(), codec.encode(marker))).get();
        }

        // the marker follows both copies on the same partition: once its effect is there, both copies were handled
        await().atMost(Duration.ofSeconds(30)).until(() -> effects(marker.eventId()) == 1);
        assertEquals(1, effects(event.eventId()));
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

    @Test
    void anUnreadableRecordIsSkippedOnlyWhereTheConsumerAsksForIt() throws Exception {
        byte[] garbage = "{\"type\": \"NoSuchEvent\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThrows(dev.confidant.platform.events.EventFormatException.class,
                () -> QuarkusTransaction.requiringNew().call(() -> inbox.receive("consumer-c", garbage)));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> inbox.receiveOrSkip("consumer-c", garbage)).isEmpty());
        EventEnvelope<AccountRegistered> event = EventEnvelope.of("account-service", UUID.randomUUID(),
                new AccountRegistered(Instant.now(), false));
        byte[] good = codec.encode(event);
        assertEquals(event.eventId(), QuarkusTransaction.requiringNew().call(() -> inbox.receiveOrSkip("consumer-c", good))
                .orElseThrow().eventId());
        assertTrue(QuarkusTransaction.requiringNew().call(() -> inbox.receiveOrSkip("consumer-c", good)).isEmpty(),
                "a redelivery is empty too");
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

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }
}
