package dev.confidant.retention.service;

import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.persistence.NativeRow;
import dev.confidant.platform.runtime.tx.AfterCommit;
import dev.confidant.retention.config.RetentionConfig;
import dev.confidant.retention.domain.AccessRequest;
import dev.confidant.retention.domain.RequestDeadlines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Access and portability requests (GDPR Art. 15/20), their lifecycle: received with a part per owner registered at
 * that moment, collecting until every owner's part is in ({@link ExportCollection} asks them, {@link OwnerExportClient}
 * over HTTP), then ready; the bundle ({@link AccessBundle}) is kept for a limited time. Exports travel over HTTP and
 * rest in this database only, never on Kafka.
 */
@ApplicationScoped
public class AccessRequests {

    /** One owner's contribution, without its content. */
    public record Part(String owner, String status, int attempts, String lastError, Instant collectedAt) {
    }

    /** A collected export. */
    public record Export(String owner, String content) {
    }

    /** This service is a registered owner too; its own records go into the bundle directly, not over HTTP. */
    private static final String SELF = "retention-service";

    @Inject
    EntityManager entityManager;

    @Inject
    ExportCollection collection;

    @Inject
    RetentionConfig config;

    @Inject
    AfterCommit afterCommit;

    @Inject
    Clock clock;

    /** Records a request (or returns the subject's one still collecting) and starts collecting at once. */
    @Transactional
    public AccessRequest receive(UUID subject, String origin, UUID requestedBy) {
        Optional<AccessRequest> open = AccessRequest.<AccessRequest>find("subjectId = ?1 and status = ?2", subject,
                AccessRequest.Status.COLLECTING).firstResultOptional();
        if (open.isPresent()) {
            return open.get();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        AccessRequest request = new AccessRequest();
        request.id = Randomness.uuid();
        request.subjectId = subject;
        request.origin = origin;
        request.requestedBy = requestedBy;
        request.status = AccessRequest.Status.COLLECTING;
        request.receivedAt = now;
        request.deadline = RequestDeadlines.due(now);
        request.persistAndFlush();
        entityManager.createNativeQuery("INSERT INTO access_part (request_id, owner, export_url, status, next_attempt_at) "
                + "SELECT ?1, owner, export_url, CASE WHEN export_url IS NULL THEN 'NO_EXPORT' ELSE 'PENDING' END, ?2 "
                + "FROM data_owner WHERE owner <> ?3").setParameter(1, request.id).setParameter(2, now)
                .setParameter(3, SELF).executeUpdate();
        readyIfAnswered(request.id);
        afterCommit.runOnce(AccessRequests.class, collection::wakeUp);
        return request;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<AccessRequest> find(UUID id) {
        return AccessRequest.findByIdOptional(id);
    }

    /** Requests still collecting, the nearest deadline first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AccessRequest> open() {
        return AccessRequest.list("status = ?1 order by deadline", AccessRequest.Status.COLLECTING);
    }

    /** A subject's requests, oldest first (for their own export). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AccessRequest> of(UUID subject) {
        return AccessRequest.list("subjectId = ?1 order by receivedAt", subject);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Part> parts(UUID requestId) {
        return NativeRow.map(entityManager.createNativeQuery("SELECT owner, status, attempts, last_error, "
                                + "collected_at FROM access_part WHERE request_id = ?1 ORDER BY owner")
                        .setParameter(1, requestId),
                r -> new Part(r.text(0), r.text(1), r.integer(2), r.text(3), r.instant(4)));
    }

    /** The collected exports of a ready request, by owner. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Export> exports(UUID requestId) {
        return NativeRow.map(entityManager.createNativeQuery("SELECT owner, content FROM access_part "
                        + "WHERE request_id = ?1 AND status = 'COLLECTED' ORDER BY owner").setParameter(1, requestId),
                r -> new Export(r.text(0), r.text(1)));
    }

    /** Deletes every request of the subject and the exports it holds (an erasure); returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long erase(UUID subject) {
        return entityManager.createNativeQuery("DELETE FROM access_request WHERE subject_id = ?1")
                .setParameter(1, subject).executeUpdate();
    }

    /** Marks the request ready once no owner's part is pending. */
    @Transactional(Transactional.TxType.MANDATORY)
    void readyIfAnswered(UUID requestId) {
        Instant now = clock.instant();
        entityManager.createNativeQuery("UPDATE access_request SET status = 'READY', ready_at = ?2, bundle_expires_at = ?3 "
                        + "WHERE id = ?1 AND status = 'COLLECTING' AND NOT EXISTS (SELECT 1 FROM access_part "
                        + "WHERE request_id = ?1 AND status = 'PENDING')")
                .setParameter(1, requestId).setParameter(2, now).setParameter(3, now.plus(config.accessBundleRetention()))
                .executeUpdate();
    }
}
