package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Command from retention-service: delete everything you hold about the envelope's subject, in every store,
 * then answer with {@link ErasureCompleted} carrying the same {@code requestId}.
 *
 * @param requestId the data-subject request being fulfilled
 * @param origin    who asked: the subject, a DPO, a confirmed minor report, an account deletion
 * @param deadline  when the request must be complete (GDPR Art. 12(3))
 */
@EventType(name = "ErasureRequested", version = 1, topic = Topics.PRIVACY_COMMANDS,
        producers = Services.RETENTION)
public record ErasureRequested(UUID requestId, ErasureOrigin origin, Instant deadline) implements EventPayload {
    public ErasureRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(deadline, "deadline");
    }
}
