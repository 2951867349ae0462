package dev.confidant.platform.runtime.outbox;

import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventPayload;
import dev.confidant.platform.runtime.tx.AfterCommit;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The transactional outbox. Call {@link #append} inside the transaction that changes the data the event announces:
 * the event row commits or rolls back with that change, and the {@link OutboxRelay} publishes committed rows to
 * Kafka. A rolled-back transaction therefore publishes nothing; a broker outage delays events but loses none.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO confidant_outbox "
            + "(event_id, topic, record_key, event_type, payload, traceparent) VALUES (?, ?, ?, ?, ?, ?)";

    private final EventCodec codec = new EventCodec();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AfterCommit afterCommit;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    /**
     * Records {@code envelope} for publication when the current transaction commits.
     *
     * @throws jakarta.transaction.TransactionalException when called outside a transaction
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(EventEnvelope<?> envelope) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, envelope.eventId());
            insert.setString(2, envelope.topic());
            insert.setString(3, envelope.recordKey());
            insert.setString(4, envelope.type());
            insert.setBytes(5, codec.encode(envelope));
            insert.setString(6, traceparent());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("could not record " + envelope.type() + " in the outbox", e);
        }
        // once per transaction is enough: the relay drains every committed row when it wakes
        afterCommit.runOnce(Outbox.class, relay::wakeUp);
    }

    /** Builds an envelope from this service ({@link OutboxConfig#source()}) about {@code subjectId} and appends it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <P extends EventPayload> EventEnvelope<P> publish(UUID subjectId, P payload) {
        EventEnvelope<P> envelope = EventEnvelope.of(config.source(), subjectId, payload);
        append(envelope);
        return envelope;
    }

    /** Like {@link #publish(UUID, EventPayload)}, within the flow {@code correlationId}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <P extends EventPayload> EventEnvelope<P> publish(UUID subjectId, UUID correlationId, P payload) {
        EventEnvelope<P> envelope = EventEnvelope.of(config.source(), subjectId, correlationId, payload);
        append(envelope);
        return envelope;
    }

    /** The W3C trace context of the current span, so consumers continue the trace that wrote the event. */
    private static String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}
