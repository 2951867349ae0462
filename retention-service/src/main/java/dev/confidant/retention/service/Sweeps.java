package dev.confidant.retention.service;

import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.ExpiryCompleted;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.events.StoreCount;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.persistence.NativeRow;
import dev.confidant.platform.runtime.scheduling.ScheduledOnce;
import dev.confidant.retention.config.RetentionConfig;
import dev.confidant.retention.domain.LegalHold;
import dev.confidant.retention.domain.RetentionSchedule;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Retention sweeps: for every category with a schedule, one set-based expire command (records whose clock started
 * before now minus the period, held subjects excepted) to the owners of that category; their acknowledgements are
 * tracked, unanswered commands re-sent, and the data map follows each acknowledgement so the overdue report is empty
 * after a completed sweep.
 *
 * <p>The categories' commands go out one after another, in the categories' order: the next when every owner has
 * answered the last, or when the last has gone unanswered for {@code confidant.retention.redispatch-after}; from then
 * on that category is re-sent on its own and holds back no other. Sent all at once, every owner applied its commands
 * at the same moment, on cores that also serve chat, and chat's latency rose for the sweep's first seconds
 * (docs/benchmarks.md); in turn, a sweep keeps about one owner busy at a time.
 */
@ApplicationScoped
public class Sweeps {

    /** One category's command to one owner, and its answer. */
    public record CommandState(String category, String owner, Instant expiredBefore, Instant dispatchedAt,
                               Instant acknowledgedAt, Long expired) {
    }

    /** A sweep and its commands. */
    /** A data-map entry past its schedule's expiry. */
    public record Overdue(UUID subjectId, String owner, String category, String store, String reference,
                          Instant expiresAt) {
    }

    public record SweepState(UUID id, Instant startedAt, Instant completedAt, List<CommandState> commands) {
    }

    @Inject
    ScheduledOnce once;

    @ConfigProperty(name = "confidant.retention.redispatch-check", defaultValue = "1m")
    Duration redispatchCheck;

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    LegalHolds holds;

    @Inject
    RetentionConfig config;

    @Inject
    Clock clock;

    @Scheduled(cron = "${confidant.retention.sweep-cron:0 30 2 * * ?}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void nightly() {
        // every replica's scheduler fires at 02:30; one starts the sweep
        once.run("retention-sweep", Duration.ofHours(1), () -> start(null));
    }

    /** Starts a sweep now; returns its id. */
    @Transactional
    public UUID start(UUID startedBy) {
        UUID sweep = Randomness.uuid();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        entityManager.createNativeQuery("INSERT INTO sweep (id, started_at, started_by) VALUES (?1, ?2, ?3)")
                .setParameter(1, sweep).setParameter(2, now).setParameter(3, startedBy).executeUpdate();
        List<UUID> held = holds.allActive().stream().map((LegalHold h) -> h.subjectId).distinct().toList();
        for (RetentionSchedule schedule : RetentionSchedule.<RetentionSchedule>listAll(Sort.ascending("category"))) {
            Instant expiredBefore = now.minus(Duration.ofDays(schedule.retentionDays));
            @SuppressWarnings("unchecked")
            List<String> owners = entityManager.createNativeQuery("SELECT owner FROM data_owner_category "
                    + "WHERE category = ?1 ORDER BY owner").setParameter(1, schedule.category).getResultList();
            if (owners.isEmpty()) {
                continue;
            }
            for (String owner : owners) {
                entityManager.createNativeQuery("INSERT INTO sweep_command (sweep_id, category, owner, expired_before, "
                                + "held_subjects) VALUES (?1, ?2, ?3, ?4, CAST(?5 AS uuid[]))")
                        .setParameter(1, sweep).setParameter(2, schedule.category).setParameter(3, owner)
                        .setParameter(4, expiredBefore).setParameter(5, held.stream().map(UUID::toString)
                                .toArray(String[]::new)).executeUpdate();
            }
        }
        dispatchNext(sweep);
        completeIfAnswered(sweep);
        return sweep;
    }

    /**
     * Sends the sweep's first category whose command has not gone out yet (and that some owner has yet to answer), to
     * all of its owners; nothing when every category's has. The caller holds the sweep's row lock or has just created
     * the sweep, so a category goes out once.
     */
    private void dispatchNext(UUID sweep) {
        List<ExpireRecords> next = NativeRow.map(entityManager.createNativeQuery("UPDATE sweep_command "
                        + "SET dispatched_at = ?1 WHERE sweep_id = ?2 AND dispatched_at IS NULL AND category = "
                        + "(SELECT min(category) FROM sweep_command WHERE sweep_id = ?2 AND dispatched_at IS NULL "
                        + "AND acknowledged_at IS NULL) "
                        + "RETURNING category, expired_before, array_to_string(held_subjects, ',')")
                        .setParameter(1, clock.instant()).setParameter(2, sweep),
                r -> new ExpireRecords(sweep, r.text(0), r.instant(1),
                        r.list(2).stream().map(UUID::fromString).toList()));
        // one row per owner of the category, all with the same command
        next.stream().findFirst().ifPresent(command -> outbox.publish(null, sweep, command));
    }

    /** An owner's answer: recorded, and the data map forgets what that owner expired. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledged(ExpiryCompleted ack) {
        // a sweep's acknowledgements are keyed by category, so different consumers (or replicas) may apply two of
        // them at once: one at a time per sweep, so that the last one sees every other answer and completes it
        entityManager.createNativeQuery("SELECT id FROM sweep WHERE id = ?1 FOR UPDATE").setParameter(1, ack.sweepId())
                .getResultList();
        List<?> command = entityManager.createNativeQuery("SELECT 1 FROM sweep_command "
                        + "WHERE sweep_id = ?1 AND category = ?2 AND owner = ?3 AND acknowledged_at IS NULL")
                .setParameter(1, ack.sweepId()).setParameter(2, ack.category()).setParameter(3, ack.owner())
                .getResultList();
        if (command.isEmpty()) {
            return; // not ours, or answered already
        }
        long expired = ack.expired().stream().mapToLong(StoreCount::count).sum();
        entityManager.createNativeQuery("UPDATE sweep_command SET acknowledged_at = ?1, expired = ?2 "
                        + "WHERE sweep_id = ?3 AND category = ?4 AND owner = ?5").setParameter(1, clock.instant())
                .setParameter(2, expired).setParameter(3, ack.sweepId()).setParameter(4, ack.category())
                .setParameter(5, ack.owner()).executeUpdate();
        // the latest category sent (they go in order) fully answered: the next one's turn; an earlier category still
        // unanswered was let go by redispatchOverdue and holds nothing back
        List<?> waiting = entityManager.createNativeQuery("SELECT 1 FROM sweep_command WHERE sweep_id = ?1 "
                        + "AND acknowledged_at IS NULL AND category = (SELECT max(category) FROM sweep_command "
                        + "WHERE sweep_id = ?1 AND dispatched_at IS NOT NULL) LIMIT 1").setParameter(1, ack.sweepId())
                .getResultList();
        if (waiting.isEmpty()) {
            dispatchNext(ack.sweepId());
        }
        entityManager.createNativeQuery("DELETE FROM data_item d USING retention_schedule s, sweep_command c "
                        + "WHERE s.category = d.category AND c.sweep_id = ?3 AND c.category = d.category AND c.owner = d.owner "
                        + "AND d.owner = ?1 AND d.category = ?2 AND NOT (d.subject_id = ANY (c.held_subjects)) "
                        + "AND (CASE WHEN s.clock = 'LAST_ACTIVITY' THEN COALESCE(d.last_activity_at, d.created_at) "
                        + "ELSE d.created_at END) < c.expired_before")
                .setParameter(1, ack.owner()).setParameter(2, ack.category()).setParameter(3, ack.sweepId())
                .executeUpdate();
        completeIfAnswered(ack.sweepId());
    }

    @Transactional
    public SweepState state(UUID sweep) {
        List<CommandState> commands = NativeRow.map(entityManager.createNativeQuery("SELECT category, owner, "
                        + "expired_before, dispatched_at, acknowledged_at, expired FROM sweep_command "
                        + "WHERE sweep_id = ?1 ORDER BY category, owner").setParameter(1, sweep),
                r -> new CommandState(r.text(0), r.text(1), r.instant(2), r.instant(3), r.instant(4), r.number(5)));
        return NativeRow.map(entityManager.createNativeQuery("SELECT started_at, completed_at FROM sweep WHERE id = ?1")
                        .setParameter(1, sweep), r -> new SweepState(sweep, r.instant(0), r.instant(1), commands))
                .stream().findFirst()
                .orElseThrow(() -> dev.confidant.platform.runtime.problem.ProblemException.notFound("no such sweep"));
    }

    private static final String EXPIRES_AT = "(CASE WHEN s.clock = 'LAST_ACTIVITY' "
            + "THEN COALESCE(d.last_activity_at, d.created_at) ELSE d.created_at END) + make_interval(days => s.retention_days)";

    /** Data-map entries past their schedule's expiry on ?1, held subjects excepted. */
    private static final String OVERDUE = "FROM data_item d JOIN retention_schedule s ON s.category = d.category "
            + "WHERE " + EXPIRES_AT + " < ?1 AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.subject_id = d.subject_id "
            + "AND h.released_at IS NULL AND (h.until IS NULL OR h.until > ?1)) ";

    /** How many data-map entries are overdue (what {@link #overdue(int)} lists). */
    @Transactional
    public long overdueCount() {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) " + OVERDUE)
                .setParameter(1, clock.instant()).getSingleResult()).longValue();
    }

    /** Data-map entries past their schedule's expiry, held subjects excepted: what a sweep has yet to remove. */
    @Transactional
    public List<Overdue> overdue(int limit) {
        return NativeRow.map(entityManager.createNativeQuery("SELECT d.subject_id, d.owner, d.category, d.store, "
                        + "d.reference, " + EXPIRES_AT + " AS expires_at " + OVERDUE + "ORDER BY expires_at LIMIT ?2")
                .setParameter(1, clock.instant()).setParameter(2, limit),
                r -> new Overdue(r.uuid(0), r.text(1), r.text(2), r.text(3), r.text(4), r.instant(5)));
    }

    @Scheduled(every = "${confidant.retention.redispatch-check:1m}", delayed = "45s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRedispatch() {
        once.run("retention-sweep-redispatch", redispatchCheck, this::redispatchOverdue);
    }

    /**
     * Re-sends expire commands some owner has not answered in time, and lets the next category of their sweep go out
     * meanwhile; returns how many were re-sent.
     */
    @Transactional
    public int redispatchOverdue() {
        Instant cutoff = clock.instant().minus(config.redispatchAfter());
        List<ExpireRecords> due = NativeRow.map(entityManager.createNativeQuery("SELECT DISTINCT sweep_id, category, "
                        + "expired_before, array_to_string(held_subjects, ',') FROM sweep_command "
                        + "WHERE acknowledged_at IS NULL AND dispatched_at < ?1").setParameter(1, cutoff),
                r -> new ExpireRecords(r.uuid(0), r.text(1), r.instant(2),
                        r.list(3).stream().map(UUID::fromString).toList()));
        for (ExpireRecords command : due) {
            entityManager.createNativeQuery("SELECT id FROM sweep WHERE id = ?1 FOR UPDATE")
                    .setParameter(1, command.sweepId()).getResultList();
            dispatchNext(command.sweepId());
            entityManager.createNativeQuery("UPDATE sweep_command SET dispatched_at = ?1 WHERE sweep_id = ?2 "
                    + "AND category = ?3 AND acknowledged_at IS NULL").setParameter(1, clock.instant())
                    .setParameter(2, command.sweepId()).setParameter(3, command.category()).executeUpdate();
            outbox.publish(null, command.sweepId(), command);
        }
        return due.size();
    }

    private void completeIfAnswered(UUID sweep) {
        entityManager.createNativeQuery("UPDATE sweep SET completed_at = ?1 WHERE id = ?2 AND completed_at IS NULL "
                        + "AND NOT EXISTS (SELECT 1 FROM sweep_command WHERE sweep_id = ?2 AND acknowledged_at IS NULL)")
                .setParameter(1, clock.instant()).setParameter(2, sweep).executeUpdate();
    }
}
