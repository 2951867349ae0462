package dev.confidant.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Command from retention-service: delete every record of {@code category} whose retention clock started
 * before {@code expiredBefore}, except data of subjects under a legal hold, set-based rather than row by row;
 * answer with {@link ExpiryCompleted}. Not about one subject: keyed by category.
 *
 * @param sweepId       the sweep this command belongs to
 * @param category      the data category to expire
 * @param expiredBefore records whose retention clock started before this instant are due
 * @param heldSubjects  subjects under a legal hold whose records must be kept
 */
@EventType(name = "ExpireRecords", version = 1, topic = Topics.PRIVACY_COMMANDS, subjectScoped = false,
        producers = Services.RETENTION)
public record ExpireRecords(UUID sweepId, String category, Instant expiredBefore,
                            List<UUID> heldSubjects) implements EventPayload {
    public ExpireRecords {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(expiredBefore, "expiredBefore");
        heldSubjects = heldSubjects == null ? List.of() : List.copyOf(heldSubjects);
    }

    @Override
    public String partitionKey() {
        return category;
    }
}
