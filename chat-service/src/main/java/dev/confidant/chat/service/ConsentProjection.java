package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.platform.events.ConsentState;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.cluster.SubjectMemory;
import dev.confidant.platform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * chat-service's copy of the consent states consent-service announces, written and read here only: whether a
 * consent-based purpose is allowed for a subject is a local lookup, no call to consent-service. What a lookup found is
 * remembered per subject ({@link SubjectMemory}, up to {@code confidant.chat.remembered-consents}, 10,000; 0 turns it
 * off), so a message costs no read of it; every change is signalled to every replica ({@code consent-projection}),
 * which forget the subject once it commits.
 */
@ApplicationScoped
public class ConsentProjection {

    static final String SIGNAL = "consent-projection";

    @Inject
    EntityManager entityManager;

    private final SubjectMemory<Boolean> memory;

    @Inject
    public ConsentProjection(ChatConfig config, ClusterSignals signals, AfterCommit afterCommit) {
        memory = new SubjectMemory<>(SIGNAL, config.rememberedConsents(), signals, afterCommit);
    }

    /** True only for a purpose the subject's latest announced state grants; unknown means not allowed. */
    public boolean allows(UUID subject, String purpose) {
        return memory.of(subject, purpose, () -> read(subject, purpose));
    }

    private boolean read(UUID subject, String purpose) {
        @SuppressWarnings("unchecked")
        List<String> state = entityManager.createNativeQuery("SELECT state FROM consent_projection "
                + "WHERE subject_id = ?1 AND purpose = ?2").setParameter(1, subject).setParameter(2, purpose)
                .getResultList();
        return !state.isEmpty() && ConsentState.GRANTED.name().equals(state.get(0));
    }

    /**
     * Records the states consent-service announced for a subject. One subject's events arrive in order; a stale one
     * (older {@code changedAt}) never overwrites a newer state.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID subject, Map<String, ConsentState> purposes, Instant changedAt) {
        memory.announce(subject);
        for (Map.Entry<String, ConsentState> purpose : purposes.entrySet()) {
            entityManager.createNativeQuery("INSERT INTO consent_projection (subject_id, purpose, state, changed_at) "
                            + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (subject_id, purpose) DO UPDATE "
                            + "SET state = EXCLUDED.state, changed_at = EXCLUDED.changed_at "
                            + "WHERE consent_projection.changed_at <= EXCLUDED.changed_at")
                    .setParameter(1, subject).setParameter(2, purpose.getKey())
                    .setParameter(3, purpose.getValue().name()).setParameter(4, changedAt)
                    .executeUpdate();
        }
    }

    /** Forgets what is known of a subject's consent: on erasure, or when a visitor's data moved to an account. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long forget(UUID subject) {
        memory.announce(subject);
        return entityManager.createNativeQuery("DELETE FROM consent_projection WHERE subject_id = ?1")
                .setParameter(1, subject).executeUpdate();
    }
}
