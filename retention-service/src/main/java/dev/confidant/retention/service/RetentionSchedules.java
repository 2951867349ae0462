package dev.confidant.retention.service;

import dev.confidant.platform.runtime.persistence.NativeRow;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.retention.domain.RetentionClock;
import dev.confidant.retention.domain.RetentionSchedule;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The retention schedules: one per data category, changed by a DPO with a reason, every version kept. */
@ApplicationScoped
public class RetentionSchedules {

    /** A DPO's change. */
    public record Change(Integer retentionDays, RetentionClock clock, String description, String reason) {
    }

    /** One kept version of a schedule. */
    public record Revision(String category, int revision, int retentionDays, String clock, String description,
                           java.time.Instant changedAt, UUID changedBy, String reason) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RetentionSchedule> all() {
        return RetentionSchedule.listAll(Sort.ascending("category"));
    }

    @Transactional
    public RetentionSchedule change(String category, Change change, UUID dpo) {
        RetentionSchedule schedule = RetentionSchedule.findById(category, LockModeType.PESSIMISTIC_WRITE);
        if (schedule == null) {
            throw ProblemException.notFound("no schedule for category " + category);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (change.retentionDays() == null || change.retentionDays() < 1 || change.retentionDays() > 36_500) {
            errors.add(new Problem.FieldError("retentionDays", "must be 1 to 36500"));
        }
        if (change.reason() == null || change.reason().isBlank() || change.reason().length() > 500) {
            errors.add(new Problem.FieldError("reason", "is required: say why, in at most 500 characters"));
        }
        if (change.description() != null && change.description().length() > 500) {
            errors.add(new Problem.FieldError("description", "must be at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        schedule.retentionDays = change.retentionDays();
        if (change.clock() != null) {
            schedule.clock = change.clock();
        }
        if (change.description() != null && !change.description().isBlank()) {
            schedule.description = change.description().strip();
        }
        schedule.revision += 1;
        schedule.changedAt = clock.instant();
        schedule.changedBy = dpo;
        entityManager.createNativeQuery("INSERT INTO retention_schedule_revision (category, revision, retention_days, "
                        + "clock, description, changed_at, changed_by, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, category).setParameter(2, schedule.revision).setParameter(3, schedule.retentionDays)
                .setParameter(4, schedule.clock.name()).setParameter(5, schedule.description)
                .setParameter(6, schedule.changedAt).setParameter(7, dpo).setParameter(8, change.reason().strip())
                .executeUpdate();
        return schedule;
    }

    @Transactional
    public List<Revision> revisions(String category) {
        return NativeRow.map(entityManager.createNativeQuery("SELECT category, revision, retention_days, clock, "
                        + "description, changed_at, changed_by, reason FROM retention_schedule_revision "
                        + "WHERE category = ?1 ORDER BY revision").setParameter(1, category),
                r -> new Revision(r.text(0), r.integer(1), r.integer(2), r.text(3).toLowerCase().replace('_', '-'),
                        r.text(4), r.instant(5), r.uuid(6), r.text(7)));
    }

}
