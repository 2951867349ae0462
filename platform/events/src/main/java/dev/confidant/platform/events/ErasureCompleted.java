package dev.confidant.platform.events;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An owner's acknowledgement of {@link ErasureRequested}: every store it erased with counts, and what it kept.
 *
 * @param requestId the request acknowledged
 * @param owner     the acknowledging owner, as registered with {@link DataOwnerRegistered}
 * @param erased    counts per store and category
 * @param retained  what was kept, with its legal basis
 */
@EventType(name = "ErasureCompleted", version = 1, topic = Topics.PRIVACY_ACKS,
        producers = Services.ANY_OWNER)
public record ErasureCompleted(UUID requestId, String owner, List<StoreCount> erased,
                               List<RetainedData> retained) implements EventPayload, ProducerNamed {
    public ErasureCompleted {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(owner, "owner");
        erased = List.copyOf(Objects.requireNonNull(erased, "erased"));
        retained = retained == null ? List.of() : List.copyOf(retained);
    }
}
