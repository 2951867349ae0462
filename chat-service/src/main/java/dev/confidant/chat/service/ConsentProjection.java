package dev.confidant.chat.service;

import dev.confidant.platform.events.ConsentState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.UUID;

/** Whether a consent-based purpose is allowed for a subject, from the local projection: no call to consent-service. */
@ApplicationScoped
public class ConsentProjection {

    @Inject
    EntityManager entityManager;

    /** True only for a purpose the subject's latest announced state grants; unknown means not allowed. */
    public boolean allows(UUID subject, String purpose) {
        @SuppressWarnings("unchecked")
        List<String> state = entityManager.createNativeQuery("SELECT state FROM consent_projection "
                + "WHERE subject_id = ?1 AND purpose = ?2").setParameter(1, subject).setParameter(2, purpose)
                .getResultList();
        return !state.isEmpty() && ConsentState.GRANTED.name().equals(state.get(0));
    }
}
