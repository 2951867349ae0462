package dev.confidant.platform.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope of every event and command in the suite.
 *
 * @param eventId       unique id; consumers deduplicate on it
 * @param type          the payload's {@link EventType#name()}
 * @param schemaVersion the payload's schema version
 * @param occurredAt    when the fact happened or the command was issued
 * @param source        the service that wrote it ({@code account-service}, …)
 * @param subjectId     the pseudonymous data subject, or {@code null} for payloads not about one subject
 * @param correlationId ties a command to the events and acknowledgements it causes
 * @param payload       the typed body
 */
public record EventEnvelope<P extends EventPayload>(
        UUID eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String source,
        UUID subjectId,
        UUID correlationId,
        P payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(payload, "payload");
        EventType declared = EventTypes.describe(payload.getClass());
        if (!declared.name().equals(type)) {
            throw new IllegalArgumentException("type " + type + " does not match payload " + declared.name());
        }
        if (schemaVersion < 1 || schemaVersion > declared.version()) {
            throw new IllegalArgumentException("unsupported schema version " + schemaVersion + " of " + type);
        }
        if (declared.subjectScoped() && subjectId == null) {
            throw new IllegalArgumentException(type + " needs a subjectId");
        }
        if (!declared.subjectScoped() && payload.partitionKey() == null) {
            throw new IllegalArgumentException(type + " needs a partition key");
        }
        // Microsecond precision: what PostgreSQL keeps, so a stored envelope compares equal to the original.
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** A new event about {@code subjectId}, with a fresh id and correlation id. */
    public static <P extends EventPayload> EventEnvelope<P> of(String source, UUID subjectId, P payload) {
        return of(source, subjectId, Randomness.uuid(), payload);
    }

    /** A new event about {@code subjectId} that belongs to the flow {@code correlationId}. */
    public static <P extends EventPayload> EventEnvelope<P> of(String source, UUID subjectId, UUID correlationId,
                                                               P payload) {
        EventType declared = EventTypes.describe(payload.getClass());
        return new EventEnvelope<>(Randomness.uuid(), declared.name(), declared.version(), Instant.now(), source,
                subjectId, correlationId, payload);
    }

    /** The topic this envelope is published to. */
    public String topic() {
        return EventTypes.describe(payload.getClass()).topic();
    }

    /** The Kafka record key: the subject id, so one subject's events stay in order, else the payload's key. */
    public String recordKey() {
        return subjectId != null ? subjectId.toString() : payload.partitionKey();
    }
}
