package dev.confidant.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A service announces the personal-data categories and stores it owns. Published on the compacted
 * {@link Topics#DATA_OWNERS} topic keyed by owner, so the latest announcement per owner is kept forever.
 *
 * <p>Version 2 adds {@code exportUrl}: where retention-service fetches the owner's export of one subject for an
 * access request ({@code exportUrl + subjectId}); {@code null} when the owner offers none (and in version 1).
 */
@EventType(name = "DataOwnerRegistered", version = 2, topic = Topics.DATA_OWNERS, subjectScoped = false,
        producers = Services.ANY_OWNER)
public record DataOwnerRegistered(String owner, List<OwnedCategory> categories, Instant registeredAt, String exportUrl)
        implements EventPayload, ProducerNamed {
    public DataOwnerRegistered {
        Objects.requireNonNull(owner, "owner");
        categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
        Objects.requireNonNull(registeredAt, "registeredAt");
    }

    /** An owner that offers no export. */
    public DataOwnerRegistered(String owner, List<OwnedCategory> categories, Instant registeredAt) {
        this(owner, categories, registeredAt, null);
    }

    @Override
    public String partitionKey() {
        return owner;
    }
}
