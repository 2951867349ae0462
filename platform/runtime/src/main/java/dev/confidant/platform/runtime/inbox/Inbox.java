package dev.confidant.platform.runtime.inbox;

import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * The idempotent inbox of a consumer. Call it inside the transaction that applies an event's effect: the processed
 * event id commits with the effect, so a redelivered event is recognised and has no second effect. If the effect
 * rolls back, so does the id, and the redelivery is processed.
 */
@ApplicationScoped
public class Inbox {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Inbox.class);

    private static final String INSERT = "INSERT INTO confidant_inbox (consumer, event_id) VALUES (?, ?) "
            + "ON CONFLICT DO NOTHING";

    private final EventCodec codec = new EventCodec();

    @Inject
    AgroalDataSource dataSource;

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
     * Decodes a record value and records it for {@code consumer}.
     *
     * @return the envelope to process, or empty when it is a redelivery
     * @throws dev.confidant.platform.events.EventFormatException when the value is not a valid event
     */
    @Transactional(value = Transactional.TxType.MANDATORY,
            dontRollbackOn = dev.confidant.platform.events.EventFormatException.class)
    public Optional<EventEnvelope<?>> receive(String consumer, byte[] value) {
        EventEnvelope<?> envelope = codec.decode(value);
        return firstDelivery(consumer, envelope.eventId()) ? Optional.of(envelope) : Optional.empty();
    }

    /**
     * Like {@link #receive}, for a channel that must keep flowing: a record no build of ours could have written is
     * logged (its kind of fault only) and skipped instead of stopping the channel.
     *
     * @return the envelope to process, or empty for a redelivery or an unreadable record
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<EventEnvelope<?>> receiveOrSkip(String consumer, byte[] value) {
        EventEnvelope<?> envelope;
        try {
            envelope = codec.decode(value);
        } catch (dev.confidant.platform.events.EventFormatException e) {
            // decoded here, not through receive(): the consumer's transaction must still commit its offset
            LOG.errorf("%s skips an unreadable record: %s", consumer, e.getMessage());
            return Optional.empty();
        }
        return firstDelivery(consumer, envelope.eventId()) ? Optional.of(envelope) : Optional.empty();
    }
}
