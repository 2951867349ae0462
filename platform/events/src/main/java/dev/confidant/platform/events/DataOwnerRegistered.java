package dev.confidant.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A service announces the personal-data categories and stores it owns. Published on the compacted
 * {@link Topics#DATA_OWNERS} topic keyed by owner, so the latest announcement per owner is kept forever.
 */
@EventType(name = "DataOwnerRegistered", version = 1, topic = Topics.DATA_OWNERS, subjectScoped = false)
public record DataOwnerRegistered(String owner, List<OwnedCategory> categories, Instant registeredAt)
        implements EventPayload {
    public DataOwnerRegistered {
        Objects.requireNonNull(owner, "owner");
        categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
        Objects.requireNonNull(registeredAt, "registeredAt");
    }

    @Override
    public String partitionKey() {
        return owner;
    }
}
