package dev.confidant.retention.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.platform.runtime.persistence.NativeValues;
import dev.confidant.platform.runtime.security.ServiceTokens;
import dev.confidant.platform.runtime.tx.AfterCommit;
import dev.confidant.retention.config.RetentionConfig;
import dev.confidant.retention.domain.AccessRequest;
import dev.confidant.retention.domain.RequestDeadlines;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Access and portability requests (GDPR Art. 15/20). Every owner registered at receipt is asked over HTTP, with this
 * service's own token, for its export of the subject; owners that fail are asked again later, with growing waits, until
 * each has answered. Then the bundle is ready for a limited time, after which its content is deleted. Exports travel
 * over HTTP and rest in this database only, never on Kafka.
 */
@ApplicationScoped
public class AccessRequests {

    /** One owner's contribution, without its content. */
    public record Part(String owner, String status, int attempts, String lastError, Instant collectedAt) {
    }

    /** A collected export. */
    public record Export(String owner, String content) {
    }

    private static final Logger LOG = Logger.getLogger(AccessRequests.class);
    /** This service is a registered owner too; its own records go into the bundle directly, not over HTTP. */
    private static final String SELF = "retention-service";
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);
    private static final int BATCH = 20;

    @Inject
    EntityManager entityManager;

    @Inject
    ServiceTokens tokens;

    @Inject
    ExportAllowList exportAllowList;

    @Inject
    RetentionConfig config;

    @Inject
    AfterCommit afterCommit;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
        request.id = UUID.randomUUID();
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
        afterCommit.runOnce(AccessRequests.class, () -> wakeUps.execute(this::collect));
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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT owner, status, attempts, last_error, collected_at "
                + "FROM access_part WHERE request_id = ?1 ORDER BY owner").setParameter(1, requestId).getResultList();
        return rows.stream().map(r -> new Part((String) r[0], (String) r[1], ((Number) r[2]).intValue(), (String) r[3],
                NativeValues.instant(r[4]))).toList();
    }

    /** The collected exports of a ready request, by owner. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Export> exports(UUID requestId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT owner, content FROM access_part "
                + "WHERE request_id = ?1 AND status = 'COLLECTED' ORDER BY owner").setParameter(1, requestId)
                .getResultList();
        return rows.stream().map(r -> new Export((String) r[0], (String) r[1])).toList();
    }

    /** Deletes every request of the subject and the exports it holds (an erasure); returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long erase(UUID subject) {
        return entityManager.createNativeQuery("DELETE FROM access_request WHERE subject_id = ?1")
                .setParameter(1, subject).executeUpdate();
    }

    @Scheduled(every = "${confidant.retention.access-collect-every:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
        @SuppressWarnings("unchecked")
        List<Object[]> due = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "UPDATE access_part p SET next_attempt_at = ?2 FROM access_request r WHERE r.id = p.request_id AND "
                        + "(p.request_id, p.owner) IN (SELECT request_id, owner FROM access_part WHERE status = "
                        + "'PENDING' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT " + BATCH
                        + " FOR UPDATE SKIP LOCKED) RETURNING p.request_id, p.owner, p.export_url, r.subject_id, p.attempts")
                .setParameter(1, now).setParameter(2, now.plus(LEASE)).getResultList());
        int collected = 0;
        for (Object[] row : due) {
            UUID requestId = (UUID) row[0];
            String owner = (String) row[1];
            UUID subject = (UUID) row[3];
            int attempts = ((Number) row[4]).intValue();
            String failure;
            String content = null;
            try {
                content = fetch(owner, (String) row[2], subject);
                failure = null;
            } catch (ExportFailure e) {
                failure = e.getMessage();
            }
            String export = content;
            String error = failure;
            QuarkusTransaction.requiringNew().run(() -> {
                if (error == null) {
                    collected(requestId, owner, export);
                } else {
                    failed(requestId, owner, attempts + 1, error);
                }
            });
            if (failure == null) {
                collected++;
            } else {
                LOG.warnf("access request %s: export from %s failed (attempt %d): %s", requestId, owner, attempts + 1,
                        failure);
            }
        }
        return collected;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledExpiry() {
        expireBundles();
    }

    /** Deletes the content of bundles past their time; returns how many requests expired. */
    @Transactional
    public int expireBundles() {
        Instant now = clock.instant();
        entityManager.createNativeQuery("UPDATE access_part SET content = NULL WHERE request_id IN (SELECT id FROM "
                + "access_request WHERE status = 'READY' AND bundle_expires_at <= ?1)").setParameter(1, now)
                .executeUpdate();
        return entityManager.createNativeQuery("UPDATE access_request SET status = 'EXPIRED' WHERE status = 'READY' "
                + "AND bundle_expires_at <= ?1").setParameter(1, now).executeUpdate();
    }

    private static final class ExportFailure extends Exception {
        ExportFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The owner's export, checked to be JSON about this subject; the failure message names no personal data. The
     * token goes only to an export URL under one of the configured base URLs, and opens only this owner's export of
     * this subject.
     */
    private String fetch(String owner, String exportUrl, UUID subject) throws ExportFailure {
        URI url;
        try {
            url = URI.create(exportUrl + subject).normalize();
        } catch (IllegalArgumentException e) {
            throw new ExportFailure("the owner's export URL is not valid");
        }
        if (!exportAllowList.allows(url)) {
            throw new ExportFailure("the owner's export URL is not under confidant.retention.export-base-urls; no token "
                    + "was sent");
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + tokens.token(owner, subject))
                    .header("Accept", "application/json")
                    .GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ExportFailure("the owner answered " + response.statusCode());
            }
            JsonNode export = json.readTree(response.body());
            if (!subject.toString().equals(export.path("subjectId").asText())) {
                throw new ExportFailure("the owner's export is not about this subject");
            }
            return response.body();
        } catch (ServiceTokens.UnavailableException e) {
            throw new ExportFailure("no service token: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ExportFailure("the owner's export URL is not valid");
        } catch (IOException e) {
            throw new ExportFailure("the owner could not be reached or sent no JSON (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportFailure("interrupted");
        }
    }

    private void collected(UUID requestId, String owner, String content) {
        entityManager.createNativeQuery("UPDATE access_part SET status = 'COLLECTED', content = ?3, collected_at = ?4, "
                        + "last_error = NULL, next_attempt_at = NULL WHERE request_id = ?1 AND owner = ?2 AND status = 'PENDING'")
                .setParameter(1, requestId).setParameter(2, owner).setParameter(3, content)
                .setParameter(4, clock.instant()).executeUpdate();
        readyIfAnswered(requestId);
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

    private void readyIfAnswered(UUID requestId) {
        Instant now = clock.instant();
        entityManager.createNativeQuery("UPDATE access_request SET status = 'READY', ready_at = ?2, bundle_expires_at = ?3 "
                        + "WHERE id = ?1 AND status = 'COLLECTING' AND NOT EXISTS (SELECT 1 FROM access_part "
                        + "WHERE request_id = ?1 AND status = 'PENDING')")
                .setParameter(1, requestId).setParameter(2, now).setParameter(3, now.plus(config.accessBundleRetention()))
                .executeUpdate();
    }
}
