package dev.confidant.consent.events;

import dev.confidant.consent.service.ConsentChoices;
import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.VisitorLinked;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Account lifecycle from account-service: a child's registration makes consent-based purposes need a guardian; a
 * linked visitor's widget choices carry over to the account.
 */
@ApplicationScoped
public class AccountEvents {

    static final String CONSUMER = "consent-service.accounts";

    @Inject
    Inbox inbox;

    @Inject
    ConsentChoices choices;

    @Incoming("accounts")
    @Blocking(ordered = true)
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record).ifPresent(envelope -> {
            if (envelope.payload() instanceof AccountRegistered registered && registered.restricted()) {
                choices.markMinor(envelope.subjectId(), registered.registeredAt());
            } else if (envelope.payload() instanceof VisitorLinked linked) {
                choices.linkVisitor(envelope.subjectId(), linked.visitorSubjectId());
            }
        });
    }
}
