package dev.confidant.consent.service;

import dev.confidant.consent.domain.ConsentSubject;
import dev.confidant.consent.domain.PolicyVersion;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * When a material policy version takes effect, grants made under earlier versions stop counting. Decisions see
 * that at once (they compare with the timeline); this job tells the projections, announcing the new state of every
 * subject concerned, once per version (several instances share the work through row locks).
 */
@ApplicationScoped
public class PolicyTakingEffect {

    @Inject
    ConsentChoices choices;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Scheduled(every = "${confidant.consent.policy-check-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        apply();
    }

    /** Announces every version that has taken effect and was not yet announced; returns how many subjects were told. */
    @Transactional
    public int apply() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<String> due = entityManager.createNativeQuery("SELECT version FROM policy_version "
                + "WHERE applied_at IS NULL AND effective_at <= ?1 ORDER BY effective_at FOR UPDATE SKIP LOCKED")
                .setParameter(1, now).getResultList();
        int told = 0;
        for (String versionName : due) {
            PolicyVersion version = PolicyVersion.findById(versionName);
            if (version.material) {
                @SuppressWarnings("unchecked")
                List<UUID> subjects = entityManager.createNativeQuery("SELECT DISTINCT subject_id FROM consent_state "
                        + "WHERE granted AND policy_effective_at < ?1").setParameter(1, version.effectiveAt)
                        .getResultList();
                for (UUID subject : subjects) {
                    ConsentSubject locked = choices.lockSubject(subject);
                    choices.announce(locked, latestEntry(subject), version.version, now);
                    told++;
                }
            }
            version.appliedAt = now;
        }
        return told;
    }

    private UUID latestEntry(UUID subject) {
        return (UUID) entityManager.createNativeQuery("SELECT entry_id FROM consent_state WHERE subject_id = ?1 "
                + "ORDER BY changed_at DESC LIMIT 1").setParameter(1, subject).getSingleResult();
    }
}
