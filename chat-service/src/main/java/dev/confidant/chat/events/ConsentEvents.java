package dev.confidant.chat.events;

import dev.confidant.chat.service.ConsentProjection;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.events.ConsentChanged;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the local consent projection from consent-service's ConsentChanged events: the whole state each time. */
@ApplicationScoped
public class ConsentEvents {

    static final String CONSUMER = "chat-service.consent";

    @Inject
    Inbox inbox;

    @Inject
    EntityManager entityManager;

    @Inject
    ConsentProjection projection;

    @Incoming("consent")
    @Blocking(ordered = true)
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record).ifPresent(envelope -> {
            if (envelope.payload() instanceof ConsentChanged changed) {
                projection.record(envelope.subjectId(), changed.purposes(), changed.changedAt());
                // an address left for a reply by email is kept only while that consent stands
                if (!projection.allows(envelope.subjectId(), Purposes.EMAIL_REPLY)) {
                    entityManager.createNativeQuery("DELETE FROM email_reply WHERE subject_id = ?1")
                            .setParameter(1, envelope.subjectId()).executeUpdate();
                }
            }
        });
    }
}
