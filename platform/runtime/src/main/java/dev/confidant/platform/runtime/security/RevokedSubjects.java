package dev.confidant.platform.runtime.security;

import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.persistence.NativeValues;
import dev.confidant.platform.runtime.tx.AfterCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subjects this service has erased, whose earlier access tokens it refuses from then on even though they have not
 * expired (account-service revokes at once; without this, a 15-minute access token or a 30-day visitor token could put
 * new data into a service right after it erased everything). Held in memory for the per-request check, written to
 * the database so every instance learns it within a few seconds.
 */
@ApplicationScoped
public class RevokedSubjects {

    private static final Logger LOG = Logger.getLogger(RevokedSubjects.class);

    /** The signal that tells the other replicas: {@code <subject> <revoked before, ISO-8601>}. */
    static final String SIGNAL = "revoked-subject";

    /** Longer than any token lives (visitor tokens: 30 days). */
    static final Duration KEPT = Duration.ofDays(31);

    @Inject
    EntityManager entityManager;

    @Inject
    AfterCommit afterCommit;

    @Inject
    ClusterSignals signals;

    @Inject
    Clock clock;

    private volatile Map<UUID, Instant> revoked = new ConcurrentHashMap<>();

    /** From now on, tokens of {@code subject} issued up to now are refused. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revoke(UUID subject) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        entityManager.createNativeQuery("INSERT INTO confidant_revoked_subject (subject_id, revoked_before) VALUES (?1, ?2) "
                        + "ON CONFLICT (subject_id) DO UPDATE SET revoked_before = GREATEST("
                        + "confidant_revoked_subject.revoked_before, EXCLUDED.revoked_before)")
                .setParameter(1, subject).setParameter(2, now).executeUpdate();
        signals.send(SIGNAL, subject + " " + now);
        afterCommit.run(() -> merge(subject, now));
    }

    /** Another replica revoked a subject's tokens. */
    void onSignal(@Observes ClusterSignals.Signal signal) {
        if (signal.fromThisReplica() || !signal.kind().equals(SIGNAL)) {
            return;
        }
        String[] parts = signal.data().split(" ");
        try {
            merge(UUID.fromString(parts[0]), Instant.parse(parts[1]));
        } catch (RuntimeException e) {
            LOG.warn("A revoked-subject signal could not be read; the next reload covers it");
        }
    }

    /** Signals may have been missed while this replica was not listening: reload. */
    void onResumed(@Observes ClusterSignals.Resumed resumed) {
        refresh();
    }

    private void merge(UUID subject, Instant before) {
        revoked.merge(subject, before, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Whether a token of {@code subject} issued at {@code issuedAtSeconds} is refused. */
    public boolean refuses(UUID subject, long issuedAtSeconds) {
        Instant before = revoked.get(subject);
        return before != null && issuedAtSeconds <= before.getEpochSecond();
    }

    void load(@Observes StartupEvent event) {
        refresh();
    }

    @Scheduled(every = "${confidant.revoked-subjects.refresh:5s}", delayed = "${confidant.revoked-subjects.refresh:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRefresh() {
        refresh();
    }

    /** Reloads what every instance has revoked, and forgets revocations older than any token. */
    void refresh() {
        Instant oldest = clock.instant().minus(KEPT);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("DELETE FROM confidant_revoked_subject WHERE revoked_before < ?1")
                    .setParameter(1, oldest).executeUpdate();
            return entityManager.createNativeQuery("SELECT subject_id, revoked_before FROM confidant_revoked_subject")
                    .getResultList();
        });
        Map<UUID, Instant> loaded = new HashMap<>();
        for (Object[] row : rows) {
            loaded.put((UUID) row[0], NativeValues.instant(row[1]));
        }
        revoked = new ConcurrentHashMap<>(loaded);
    }
}
