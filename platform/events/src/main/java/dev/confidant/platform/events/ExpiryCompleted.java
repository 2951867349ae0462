package dev.confidant.platform.events;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An owner's acknowledgement of {@link ExpireRecords}: what it expired in each store.
 */
@EventType(name = "ExpiryCompleted", version = 1, topic = Topics.PRIVACY_ACKS, subjectScoped = false,
        producers = Services.ANY_OWNER)
public record ExpiryCompleted(UUID sweepId, String owner, String category, List<StoreCount> expired)
        implements EventPayload, ProducerNamed {
    public ExpiryCompleted {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(category, "category");
        expired = List.copyOf(Objects.requireNonNull(expired, "expired"));
    }

    @Override
    public String partitionKey() {
        return category;
    }
}
