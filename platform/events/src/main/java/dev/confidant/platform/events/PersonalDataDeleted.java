package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An owner no longer holds a piece of the subject's personal data.
 *
 * @param category  the data category
 * @param store     the store it was removed from
 * @param reference the owner's id of the piece
 * @param deletedAt when it was removed
 * @param reason    why it went
 */
@EventType(name = "PersonalDataDeleted", version = 1, topic = Topics.PERSONAL_DATA,
        producers = Services.ANY_OWNER)
public record PersonalDataDeleted(String category, String store, String reference, Instant deletedAt,
                                  DeletionReason reason) implements EventPayload {
    public PersonalDataDeleted {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(deletedAt, "deletedAt");
        Objects.requireNonNull(reason, "reason");
    }
}
