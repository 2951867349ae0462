package dev.confidant.platform.runtime.owner;

import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.ExpireRecords;

import java.util.UUID;

/**
 * What a data owner does with retention-service's commands. Each owner implements it once; its consumer of
 * {@code confidant.privacy-commands} passes every first delivery to {@link #handle} inside the inbox transaction.
 */
public interface PrivacyCommandHandler {

    /** Deletes everything about the subject in every store of this owner and acknowledges with counts. */
    void erase(UUID subject, UUID requestId, UUID correlationId);

    /** Expires this owner's records of the command's category (if it owns it) and acknowledges. */
    void expire(ExpireRecords command, UUID correlationId);

    /** Routes a command to {@link #erase} or {@link #expire}; other types on the topic are not for owners. */
    default void handle(EventEnvelope<?> envelope) {
        if (envelope.payload() instanceof ErasureRequested command) {
            erase(envelope.subjectId(), command.requestId(), envelope.correlationId());
        } else if (envelope.payload() instanceof ExpireRecords command) {
            expire(command, envelope.correlationId());
        }
    }
}
