package dev.confidant.chat.service;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Usage analytics: a kind of event and its time, recorded only with the subject's analytics consent. */
@ApplicationScoped
public class UsageAnalytics {

    @Inject
    ConsentProjection consent;

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** Records {@code kind} for the subject if, and only if, the projection grants usage analytics. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(UUID subject, String kind) {
        if (!consent.allows(subject, Purposes.USAGE_ANALYTICS)) {
            return false;
        }
        Instant now = clock.instant();
        // one round trip: whether the subject had any event before (the statement's snapshot does not see its own
        // insert), and the insert
        boolean first = !(Boolean) entityManager.createNativeQuery("WITH added AS (INSERT INTO usage_event (subject_id, "
                        + "kind, occurred_at) VALUES (?1, ?2, ?3)) SELECT EXISTS (SELECT 1 FROM usage_event "
                        + "WHERE subject_id = ?1)")
                .setParameter(1, subject).setParameter(2, kind).setParameter(3, now).getSingleResult();
        if (first) {
            outbox.publish(subject, new PersonalDataCreated(DataCategories.USAGE_ANALYTICS, Conversations.STORE,
                    "usage/" + subject, now, null));
        }
        return true;
    }

    /** {@link #record} in a transaction of its own: a use of the widget that the widget reports. */
    @Transactional
    public boolean recordWidgetUse(UUID subject, String kind) {
        return record(subject, kind);
    }
}
