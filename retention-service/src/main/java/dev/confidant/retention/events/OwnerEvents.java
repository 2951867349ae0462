package dev.confidant.retention.events;

import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.PersonalDataDeleted;
import dev.confidant.platform.runtime.inbox.Inbox;
import dev.confidant.retention.service.DataMap;
import dev.confidant.retention.service.DataOwners;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** What the data owners say: who they are (confidant.data-owners) and what they hold (confidant.personal-data). */
@ApplicationScoped
public class OwnerEvents {

    static final String OWNERS = "retention-service.data-owners";
    static final String PERSONAL_DATA = "retention-service.personal-data";

    @Inject
    Inbox inbox;

    @Inject
    DataOwners owners;

    @Inject
    DataMap dataMap;

    @Incoming("data-owners")
    @Blocking(ordered = true)
    @Transactional
    public void onOwner(ConsumerRecord<String, byte[]> record) {
        inbox.receive(OWNERS, record).ifPresent(envelope -> {
            if (envelope.payload() instanceof DataOwnerRegistered registered) {
                owners.register(registered);
            }
        });
    }

    @Incoming("personal-data")
    @Blocking(ordered = true)
    @Transactional
    public void onPersonalData(ConsumerRecord<String, byte[]> record) {
        inbox.receive(PERSONAL_DATA, record).ifPresent(envelope -> {
            if (envelope.payload() instanceof PersonalDataCreated created) {
                dataMap.created(envelope.source(), envelope.subjectId(), created);
            } else if (envelope.payload() instanceof PersonalDataDeleted deleted) {
                dataMap.deleted(envelope.subjectId(), deleted);
            }
        });
    }
}
