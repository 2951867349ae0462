package dev.confidant.platform.events;

/**
 * The payload of an {@link EventEnvelope}. Implementations are records annotated with {@link EventType}
 * and listed in {@link EventTypes}; they carry pseudonymous ids and references only, never message text,
 * file content, emails or names.
 */
public interface EventPayload {

    /**
     * The record key of a payload that is not about one subject (a category, an owner name).
     * Subject-scoped payloads are keyed by their subject id and leave this {@code null}.
     */
    default String partitionKey() {
        return null;
    }
}
