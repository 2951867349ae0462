package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An owner now holds a piece of the subject's personal data.
 *
 * @param category  the data category, e.g. {@link DataCategories#CHAT_MESSAGE}
 * @param store     where it is kept, e.g. {@code chat-db} or {@code chat-blobs}
 * @param reference the owner's own id of the piece (a conversation id, a file id); never its content
 * @param createdAt when it was stored
 * @param lastActivityAt the moment retention counts from, when it is not {@code createdAt}; may be null
 */
@EventType(name = "PersonalDataCreated", version = 1, topic = Topics.PERSONAL_DATA,
        producers = Services.ANY_OWNER)
public record PersonalDataCreated(String category, String store, String reference, Instant createdAt,
                                  Instant lastActivityAt) implements EventPayload {
    public PersonalDataCreated {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
