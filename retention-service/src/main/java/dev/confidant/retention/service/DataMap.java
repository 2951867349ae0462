package dev.confidant.retention.service;

import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.PersonalDataDeleted;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.retention.domain.DataItem;
import dev.confidant.retention.domain.RetentionSchedule;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the suite holds about each subject, kept from the owners' personal-data events: created pieces are added (or
 * their last activity moved), deleted ones removed. Each piece is shown with when its schedule lets it expire.
 */
@ApplicationScoped
public class DataMap {

    /** A piece of data with its expiry under the current schedule (null when the category has none). */
    public record Entry(DataItem item, Instant expiresAt, String retention) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    StaffAccessLog accessLog;

    @Transactional(Transactional.TxType.MANDATORY)
    public void created(String owner, UUID subject, PersonalDataCreated created) {
        entityManager.createNativeQuery("INSERT INTO data_item (subject_id, owner, category, store, reference, "
                        + "created_at, last_activity_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                        + "ON CONFLICT (subject_id, category, store, reference) DO UPDATE "
                        + "SET last_activity_at = GREATEST(data_item.last_activity_at, EXCLUDED.last_activity_at)")
                .setParameter(1, subject).setParameter(2, owner).setParameter(3, created.category())
                .setParameter(4, created.store()).setParameter(5, created.reference())
                .setParameter(6, created.createdAt()).setParameter(7, created.lastActivityAt()).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deleted(UUID subject, PersonalDataDeleted deleted) {
        entityManager.createNativeQuery("DELETE FROM data_item WHERE subject_id = ?1 AND category = ?2 AND store = ?3 "
                        + "AND reference = ?4").setParameter(1, subject).setParameter(2, deleted.category())
                .setParameter(3, deleted.store()).setParameter(4, deleted.reference()).executeUpdate();
    }

    /** The subject's own map. */
    @Transactional
    public List<Entry> of(UUID subject) {
        Map<String, RetentionSchedule> schedules = RetentionSchedule.<RetentionSchedule>listAll().stream()
                .collect(Collectors.toMap(s -> s.category, Function.identity()));
        return DataItem.<DataItem>list("subjectId", Sort.ascending("category", "createdAt"), subject).stream()
                .map(item -> {
                    RetentionSchedule schedule = schedules.get(item.category);
                    return new Entry(item, schedule == null ? null : schedule.expiresAt(item.createdAt,
                            item.lastActivityAt), schedule == null ? null : schedule.description);
                }).toList();
    }

    /** A DPO's look at a subject's map, recorded in the staff access log. */
    @Transactional
    public List<Entry> forStaff(UUID subject) {
        accessLog.record(subject, "data map", "handle data-subject requests and retention");
        return of(subject);
    }
}
