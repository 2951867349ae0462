package dev.confidant.platform.runtime.owner;

import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.ExpiryCompleted;
import dev.confidant.platform.events.RetainedData;
import dev.confidant.platform.events.StoreCount;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.outbox.OutboxConfig;
import dev.confidant.platform.runtime.security.RevokedSubjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * A data owner's answers to retention-service, written to the outbox in the transaction that did the work: counts per
 * store and category, what was kept and why, signed with this service's name as owner.
 */
@ApplicationScoped
public class OwnerAcknowledgements {

    @Inject
    Outbox outbox;

    @Inject
    OutboxConfig outboxConfig;

    @Inject
    RevokedSubjects revokedSubjects;

    @Inject
    Clock clock;

    /** A count for an acknowledgement, stamped now. */
    public StoreCount count(String store, String category, long count) {
        return new StoreCount(store, category, count, clock.instant());
    }

    /**
     * Acknowledges an erase command; from now on this service also refuses the subject's tokens issued before it, so
     * none can put new data here (except reading what {@code confidant.security.readable-after-erasure} lists).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erased(UUID subject, UUID requestId, UUID correlationId, List<StoreCount> erased,
                       List<RetainedData> retained) {
        revokedSubjects.revoke(subject);
        outbox.publish(subject, correlationId, new ErasureCompleted(requestId, outboxConfig.source(), erased, retained));
    }

    /** Acknowledges an expire command for one store. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void expired(ExpireRecords command, UUID correlationId, String store, long expired) {
        outbox.publish(null, correlationId, new ExpiryCompleted(command.sweepId(), outboxConfig.source(),
                command.category(), List.of(count(store, command.category(), expired))));
    }
}
