package dev.confidant.retention.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.persistence.NativeRow;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.scheduling.ScheduledOnce;
import dev.confidant.platform.runtime.security.Secrets;
import dev.confidant.retention.config.RetentionConfig;
import dev.confidant.retention.domain.ErasureRequest;
import dev.confidant.retention.domain.ErasureStatus;
import dev.confidant.retention.domain.RequestDeadlines;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Erasure requests: received from the subject, a DPO, an account deletion or a confirmed minor report; held while a
 * legal hold stands; otherwise one erase command to every owner; complete when every owner registered at dispatch has
 * acknowledged, with a signed certificate. Commands not acknowledged in time are sent again.
 */
@ApplicationScoped
public class ErasureRequests {

    private static final Logger LOG = Logger.getLogger(ErasureRequests.class);

    /** What an owner said, as stored. */
    public record OwnerAnswer(String owner, Instant acknowledgedAt, String erased, String retained) {
    }

    @Inject
    ScheduledOnce once;

    @ConfigProperty(name = "confidant.retention.redispatch-check", defaultValue = "1m")
    java.time.Duration redispatchCheck;

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    LegalHolds holds;

    @Inject
    ErasureCertificates certificates;

    @Inject
    RetentionConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * Records a request (or returns the subject's open one: one erasure at a time is enough) and sends the command,
     * unless a legal hold stands.
     */
    @Transactional
    public ErasureRequest receive(UUID subject, ErasureOrigin origin, UUID requestedBy) {
        return receive(subject, origin, requestedBy, null);
    }

    /**
     * As {@link #receive(UUID, ErasureOrigin, UUID)}, keeping the digest of a receipt the subject was handed (by this
     * service or by account-service): with the receipt they follow the request and fetch its certificate without
     * signing in. {@code receiptSha256} may be {@code null}.
     */
    @Transactional
    public ErasureRequest receive(UUID subject, ErasureOrigin origin, UUID requestedBy, String receiptSha256) {
        ErasureRequest request = receiveOrFindOpen(subject, origin, requestedBy);
        if (receiptSha256 != null) {
            entityManager.createNativeQuery("INSERT INTO erasure_receipt (receipt_sha256, request_id, issued_at) "
                            + "VALUES (?1, ?2, ?3) ON CONFLICT (receipt_sha256) DO NOTHING")
                    .setParameter(1, receiptSha256).setParameter(2, request.id).setParameter(3, clock.instant())
                    .executeUpdate();
        }
        return request;
    }

    /** The request a receipt was handed out for; empty for anything else. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ErasureRequest> byReceipt(String receipt) {
        if (receipt == null || receipt.isEmpty() || receipt.length() > 128) {
            return Optional.empty();
        }
        List<?> ids = entityManager.createNativeQuery("SELECT request_id FROM erasure_receipt WHERE receipt_sha256 = ?1")
                .setParameter(1, Secrets.hash(receipt)).getResultList();
        return ids.stream().findFirst().map(id -> (UUID) id).flatMap(this::find);
    }

    private ErasureRequest receiveOrFindOpen(UUID subject, ErasureOrigin origin, UUID requestedBy) {
        Optional<ErasureRequest> open = ErasureRequest.<ErasureRequest>find("subjectId = ?1 and status <> ?2", subject,
                ErasureStatus.COMPLETED).firstResultOptional();
        if (open.isPresent()) {
            return open.get();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ErasureRequest request = new ErasureRequest();
        request.id = Randomness.uuid();
        request.subjectId = subject;
        request.origin = origin;
        request.receivedAt = now;
        request.deadline = RequestDeadlines.due(now);
        request.requestedBy = requestedBy;
        Optional<String> held = holds.reasonFor(subject);
        request.status = held.isPresent() ? ErasureStatus.HELD : ErasureStatus.IN_PROGRESS;
        request.heldReason = held.orElse(null);
        request.persist();
        if (held.isEmpty()) {
            dispatch(request);
        }
        return request;
    }

    /** A hold was released: the subject's held requests go out. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resumeHeld(UUID subject) {
        for (ErasureRequest request : ErasureRequest.<ErasureRequest>list("subjectId = ?1 and status = ?2", subject,
                ErasureStatus.HELD)) {
            request.status = ErasureStatus.IN_PROGRESS;
            request.heldReason = null;
            dispatch(request);
        }
    }

    /** An owner's acknowledgement; the last one completes the request and issues its certificate. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledged(ErasureCompleted ack) {
        ErasureRequest request = ErasureRequest.findById(ack.requestId());
        if (request == null) {
            return; // not ours (or from before this database): nothing to complete
        }
        try {
            entityManager.createNativeQuery("INSERT INTO erasure_owner (request_id, owner, acknowledged_at, erased, "
                            + "retained) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (request_id, owner) DO UPDATE SET "
                            + "acknowledged_at = COALESCE(erasure_owner.acknowledged_at, EXCLUDED.acknowledged_at), "
                            + "erased = COALESCE(erasure_owner.erased, EXCLUDED.erased), "
                            + "retained = COALESCE(erasure_owner.retained, EXCLUDED.retained)")
                    .setParameter(1, request.id).setParameter(2, ack.owner()).setParameter(3, clock.instant())
                    .setParameter(4, json.writeValueAsString(ack.erased()))
                    .setParameter(5, json.writeValueAsString(ack.retained())).executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (request.status == ErasureStatus.IN_PROGRESS && pending(request.id) == 0) {
            request.status = ErasureStatus.COMPLETED;
            request.completedAt = clock.instant();
            certificates.issue(request, answers(request.id));
            forgetDataMapOf(request.subjectId);
        }
    }

    @Transactional
    public ErasureRequest extend(UUID requestId, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw ProblemException.invalidField("reason", "is required: say why the request needs more time");
        }
        ErasureRequest request = ErasureRequest.<ErasureRequest>findByIdOptional(requestId)
                .orElseThrow(() -> ProblemException.notFound("no such request"));
        if (request.status == ErasureStatus.COMPLETED) {
            throw ProblemException.conflict("the request is complete");
        }
        if (request.extensionReason != null) {
            throw ProblemException.conflict("the request was already extended; GDPR Art. 12(3) allows two months once");
        }
        request.extensionReason = reason.strip();
        request.deadline = RequestDeadlines.extended(request.receivedAt);
        return request;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ErasureRequest> find(UUID id) {
        return ErasureRequest.findByIdOptional(id);
    }

    /** Open requests, the nearest deadline first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ErasureRequest> open() {
        return ErasureRequest.list("status <> ?1", Sort.ascending("deadline"), ErasureStatus.COMPLETED);
    }

    /** A subject's requests, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ErasureRequest> of(UUID subject) {
        return ErasureRequest.list("subjectId = ?1 order by receivedAt", subject);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OwnerAnswer> answers(UUID requestId) {
        return NativeRow.map(entityManager.createNativeQuery("SELECT owner, acknowledged_at, erased, retained "
                        + "FROM erasure_owner WHERE request_id = ?1 ORDER BY owner").setParameter(1, requestId),
                r -> new OwnerAnswer(r.text(0), r.instant(1), r.text(2), r.text(3)));
    }

    @Scheduled(every = "${confidant.retention.redispatch-check:1m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRedispatch() {
        once.run("retention-erasure-redispatch", redispatchCheck, this::redispatchOverdue);
    }

    /** A replay of the erasure log: which, from when, how many completed erasures went to the owners again. */
    public record Replay(UUID id, Instant since, int requests, Instant replayedAt) {
    }

    /**
     * After a restore: sends every erasure completed since {@code since} (when the restored backup was taken) to the
     * owners again, so that whatever the backup brought back of erased subjects is erased again. Owners erase
     * idempotently and answer as before; a completed request keeps its first answers and its certificate. The
     * subjects' own records here (the data map, but for the consent evidence and access log it keeps) go as well.
     */
    @Transactional
    public Replay replay(Instant since, String reason, UUID requestedBy) {
        if (since == null) {
            throw ProblemException.invalidField("since", "is required: when the restored backup was taken "
                    + "(ISO-8601, e.g. 2026-11-30T02:00:00Z)");
        }
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw ProblemException.invalidField("reason", "is required: say which database was restored, and why");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (since.isAfter(now)) {
            throw ProblemException.invalidField("since", "is in the future");
        }
        List<ErasureRequest> completed = ErasureRequest.list("status = ?1 and completedAt >= ?2",
                Sort.ascending("completedAt"), ErasureStatus.COMPLETED, since);
        for (ErasureRequest request : completed) {
            outbox.publish(request.subjectId, request.id, new ErasureRequested(request.id, request.origin,
                    request.deadline));
            forgetDataMapOf(request.subjectId);
        }
        Replay replay = new Replay(Randomness.uuid(), since, completed.size(), now);
        entityManager.createNativeQuery("INSERT INTO erasure_replay (id, requested_by, since, reason, requests, "
                        + "replayed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)").setParameter(1, replay.id())
                .setParameter(2, requestedBy).setParameter(3, since).setParameter(4, reason.strip())
                .setParameter(5, replay.requests()).setParameter(6, now).executeUpdate();
        LOG.infof("Erasure log replayed: %d completed erasures since %s sent to the owners again", replay.requests(),
                since);
        return replay;
    }

    /** An erased subject's data-map entries go, but for the consent evidence and access log kept under law. */
    private void forgetDataMapOf(UUID subject) {
        entityManager.createNativeQuery("DELETE FROM data_item WHERE subject_id = ?1 AND category NOT IN "
                + "('consent.evidence', 'audit.access-log')").setParameter(1, subject).executeUpdate();
    }

    /** Sends the command again for requests some owner has not acknowledged in time; returns how many. */
    @Transactional
    public int redispatchOverdue() {
        Instant cutoff = clock.instant().minus(config.redispatchAfter());
        List<ErasureRequest> overdue = ErasureRequest.list("status = ?1 and dispatchedAt < ?2",
                ErasureStatus.IN_PROGRESS, cutoff);
        for (ErasureRequest request : overdue) {
            registerNewOwners(request);
            send(request);
        }
        return overdue.size();
    }

    private void dispatch(ErasureRequest request) {
        registerNewOwners(request);
        send(request);
    }

    /** Every owner registered now is expected to answer (owners registered later are added on a re-send). */
    private void registerNewOwners(ErasureRequest request) {
        entityManager.createNativeQuery("INSERT INTO erasure_owner (request_id, owner) SELECT ?1, owner FROM data_owner "
                + "ON CONFLICT DO NOTHING").setParameter(1, request.id).executeUpdate();
    }

    private void send(ErasureRequest request) {
        request.dispatchedAt = clock.instant();
        outbox.publish(request.subjectId, request.id, new ErasureRequested(request.id, request.origin, request.deadline));
    }

    private long pending(UUID requestId) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM erasure_owner WHERE request_id = ?1 "
                + "AND acknowledged_at IS NULL").setParameter(1, requestId).getSingleResult()).longValue();
    }
}
