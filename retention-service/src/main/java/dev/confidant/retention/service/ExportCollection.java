package dev.confidant.retention.service;

import dev.confidant.platform.runtime.persistence.NativeRow;
import dev.confidant.retention.config.RetentionConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The work queue of access requests: every owner's part that is due is leased (skip-locked, so instances never ask
 * the same owner for the same request at once), fetched with {@link OwnerExportClient} outside any transaction, and
 * recorded; an owner that fails is asked again later, with growing waits up to an hour, until it has answered.
 */
@ApplicationScoped
public class ExportCollection {

    private static final Logger LOG = Logger.getLogger(ExportCollection.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);
    private static final int BATCH = 20;

    /** An owner's part of a request, leased for collection. */
    private record Due(UUID requestId, String owner, String exportUrl, UUID subject, int attempts) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    OwnerExportClient owners;

    @Inject
    AccessRequests requests;

    @Inject
    RetentionConfig config;

    @Inject
    Clock clock;

    /** Collects right after a request is received, instead of waiting for the next scheduled round. */
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "access-collector");
        thread.setDaemon(true);
        return thread;
    });

    @PreDestroy
    void stop() {
        wakeUps.shutdownNow();
    }

    /** Starts a round now, on the collector's own thread. */
    public void wakeUp() {
        wakeUps.execute(this::collect);
    }

    @Scheduled(every = "${confidant.retention.access-collect-every:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledCollect() {
        try {
            collect();
        } catch (RuntimeException e) {
            // the next round tries again; a failed round (e.g. while shutting down) changes nothing
            LOG.warnf("collecting access-request exports failed: %s", e.getClass().getSimpleName());
        }
    }

    /**
     * Asks every owner whose export is due. Parts are leased (skip-locked) so instances never ask the same owner for
     * the same request at once. Returns how many owners answered with their export.
     */
    public int collect() {
        Instant now = clock.instant();
        List<Due> due = QuarkusTransaction.requiringNew().call(() -> NativeRow.map(entityManager.createNativeQuery(
                "UPDATE access_part p SET next_attempt_at = ?2 FROM access_request r WHERE r.id = p.request_id AND "
                        + "(p.request_id, p.owner) IN (SELECT request_id, owner FROM access_part WHERE status = "
                        + "'PENDING' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT " + BATCH
                        + " FOR UPDATE SKIP LOCKED) "
                        + "RETURNING p.request_id, p.owner, p.export_url, r.subject_id, p.attempts")
                .setParameter(1, now).setParameter(2, now.plus(LEASE)),
                r -> new Due(r.uuid(0), r.text(1), r.text(2), r.uuid(3), r.integer(4))));
        int collected = 0;
        for (Due part : due) {
            String content = null;
            String failure = null;
            try {
                content = owners.export(part.owner(), part.exportUrl(), part.subject());
            } catch (OwnerExportClient.ExportFailure e) {
                failure = e.getMessage();
            }
            String export = content;
            String error = failure;
            QuarkusTransaction.requiringNew().run(() -> {
                if (error == null) {
                    collected(part.requestId(), part.owner(), export);
                } else {
                    failed(part.requestId(), part.owner(), part.attempts() + 1, error);
                }
            });
            if (failure == null) {
                collected++;
            } else {
                LOG.warnf("access request %s: export from %s failed (attempt %d): %s", part.requestId(), part.owner(),
                        part.attempts() + 1, failure);
            }
        }
        return collected;
    }

    private void collected(UUID requestId, String owner, String content) {
        entityManager.createNativeQuery("UPDATE access_part SET status = 'COLLECTED', content = ?3, collected_at = ?4, "
                        + "last_error = NULL, next_attempt_at = NULL "
                        + "WHERE request_id = ?1 AND owner = ?2 AND status = 'PENDING'")
                .setParameter(1, requestId).setParameter(2, owner).setParameter(3, content)
                .setParameter(4, clock.instant()).executeUpdate();
        requests.readyIfAnswered(requestId);
    }

    private void failed(UUID requestId, String owner, int attempts, String error) {
        long factor = 1L << Math.min(attempts - 1, 16);
        Duration wait = config.accessRetryAfter().multipliedBy(factor);
        if (wait.compareTo(LONGEST_WAIT) > 0) {
            wait = LONGEST_WAIT;
        }
        entityManager.createNativeQuery("UPDATE access_part SET attempts = ?3, last_error = ?4, next_attempt_at = ?5 "
                        + "WHERE request_id = ?1 AND owner = ?2 AND status = 'PENDING'")
                .setParameter(1, requestId).setParameter(2, owner).setParameter(3, attempts).setParameter(4, error)
                .setParameter(5, clock.instant().plus(wait)).executeUpdate();
    }

}
