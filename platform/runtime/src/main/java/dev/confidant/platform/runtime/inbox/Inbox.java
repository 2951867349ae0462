package dev.confidant.platform.runtime.inbox;

import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventVerifier;
import dev.confidant.platform.events.RefusedEventException;
import dev.confidant.platform.runtime.signing.EventSignatures;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * The idempotent inbox of a consumer, and its gate. {@link #receive} accepts a record only when it is signed by a
 * trusted producer that may produce what it carries ({@link EventVerifier}); anything else is counted in
 * {@code confidant.events.refused}, logged without its content, and skipped, so a forged or unreadable record neither
 * takes effect nor blocks the partition. Call it inside the transaction that applies the event's effect: the processed
 * event id commits with the effect, so a redelivered event is recognised and has no second effect. If the effect
 * rolls back, so does the id, and the redelivery is processed.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private static final String INSERT = "INSERT INTO confidant_inbox (consumer, event_id) VALUES (?, ?) "
            + "ON CONFLICT DO NOTHING";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventSignatures signatures;

    @Inject
    MeterRegistry registry;

    /**
     * Records that {@code consumer} processes {@code eventId} in the current transaction.
     *
     * @return {@code true} the first time; {@code false} when this consumer already processed it (skip the effect)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, consumer);
            insert.setObject(2, eventId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not record event in the inbox of " + consumer, e);
        }
    }

    /**
     * Verifies and decodes a record, and records it for {@code consumer}.
     *
     * @return the envelope to process, or empty for a redelivery or a refused record
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<EventEnvelope<?>> receive(String consumer, ConsumerRecord<String, byte[]> record) {
        // a refused record is empty here: the consumer's transaction still commits, and with it the offset, so a
        // refused record is never retried
        return accept(consumer, record).filter(envelope -> firstDelivery(consumer, envelope.eventId()));
    }

    /**
     * Only the gate, for a consumer whose effect is idempotent and in memory (no transaction, no inbox row): the
     * verified envelope, or empty for a refused record (counted and logged like {@link #receive}'s).
     */
    public Optional<EventEnvelope<?>> accept(String consumer, ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(signatures.verifier().verify(record.topic(), record.value(),
                    header(record, EventVerifier.SIGNATURE_HEADER), header(record, EventVerifier.PROOF_HEADER)));
        } catch (RefusedEventException e) {
            registry.counter("confidant.events.refused", "consumer", consumer, "reason", e.reason().tag()).increment();
            LOG.warnf("%s refused the record at %s-%d@%d (%s): %s", consumer, record.topic(), record.partition(),
                    record.offset(), e.reason().tag(), e.getMessage());
            return Optional.empty();
        }
    }

    private static byte[] header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }
}
