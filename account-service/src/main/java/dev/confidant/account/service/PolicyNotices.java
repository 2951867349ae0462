package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.platform.events.PolicyVersionPublished;
import dev.confidant.platform.runtime.persistence.NativeValues;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Mails every account holder about a new privacy policy version. The event only records the notice; a job mails the
 * holders in batches in subject-id order and remembers how far it got, so a restart resumes where it stopped and a
 * large user base never holds up the consumer.
 */
@ApplicationScoped
public class PolicyNotices {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    @Inject
    EntityManager entityManager;

    @Inject
    Mails mails;

    @Inject
    AccountConfig config;

    @Inject
    Clock clock;

    /** Records a published version to be mailed about (once: the consumer's inbox drops redeliveries). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announce(PolicyVersionPublished published) {
        entityManager.createNativeQuery("INSERT INTO policy_notice (version, summary, material, effective_at, "
                        + "received_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (version) DO NOTHING")
                .setParameter(1, published.version()).setParameter(2, published.summary())
                .setParameter(3, published.material()).setParameter(4, published.effectiveAt())
                .setParameter(5, clock.instant()).executeUpdate();
    }

    @Scheduled(every = "${confidant.account.policy-mail-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        while (mailNextBatch() > 0) {
            // keep going while there is work; each batch commits its progress
        }
    }

    /** Mails the next batch of holders for the oldest unfinished notice; returns how many were mailed. */
    @Transactional
    public int mailNextBatch() {
        @SuppressWarnings("unchecked")
        List<Object[]> pending = entityManager.createNativeQuery("SELECT version, summary, material, effective_at, "
                + "mailed_through FROM policy_notice WHERE completed_at IS NULL ORDER BY effective_at LIMIT 1 "
                + "FOR UPDATE SKIP LOCKED").getResultList();
        if (pending.isEmpty()) {
            return 0;
        }
        Object[] notice = pending.get(0);
        String version = (String) notice[0];
        String summary = (String) notice[1];
        boolean material = (Boolean) notice[2];
        Instant effectiveAt = NativeValues.instant(notice[3]);
        UUID after = (UUID) notice[4];
        int batch = config.policyMailBatch();
        @SuppressWarnings("unchecked")
        List<Object[]> holders = entityManager.createNativeQuery("SELECT subject_id, email, display_name FROM account "
                        + "WHERE email_verified_at IS NOT NULL AND status <> 'DELETION_REQUESTED' "
                        + "AND (CAST(?1 AS uuid) IS NULL OR subject_id > CAST(?1 AS uuid)) ORDER BY subject_id LIMIT ?2")
                .setParameter(1, after == null ? null : after.toString()).setParameter(2, batch).getResultList();
        for (Object[] holder : holders) {
            mails.policyChange((String) holder[1], (String) holder[2], version, summary, material,
                    DATE.format(effectiveAt), !effectiveAt.isAfter(clock.instant()));
        }
        UUID last = holders.isEmpty() ? after : (UUID) holders.get(holders.size() - 1)[0];
        entityManager.createNativeQuery("UPDATE policy_notice SET mailed_through = ?1, mailed_count = mailed_count + ?2, "
                        + "completed_at = ?3 WHERE version = ?4")
                .setParameter(1, last).setParameter(2, holders.size())
                .setParameter(3, holders.size() < batch ? clock.instant() : null).setParameter(4, version)
                .executeUpdate();
        return holders.size();
    }

}
