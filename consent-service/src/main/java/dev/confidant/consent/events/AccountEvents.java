package dev.confidant.consent.events;

import dev.confidant.consent.service.ConsentChoices;
import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventFormatException;
import dev.confidant.platform.events.VisitorLinked;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Account lifecycle from account-service: a child's registration makes consent-based purposes need a guardian; a
 * linked visitor's widget choices carry over to the account.
 */
@ApplicationScoped
public class AccountEvents {

    private static final Logger LOG = Logger.getLogger(AccountEvents.class);
    static final String CONSUMER = "consent-service.accounts";

    @Inject
    Inbox inbox;

    @Inject
    ConsentChoices choices;

    @Incoming("accounts")
    @Blocking(ordered = true)
    @Transactional
    public void on(byte[] value) {
        Optional<EventEnvelope<?>> received;
        try {
            received = inbox.receive(CONSUMER, value);
        } catch (EventFormatException e) {
            LOG.errorf("Skipping an unreadable account event: %s", e.getMessage());
            return;
        }
        received.ifPresent(envelope -> {
            if (envelope.payload() instanceof AccountRegistered registered && registered.restricted()) {
                choices.markMinor(envelope.subjectId(), registered.registeredAt());
            } else if (envelope.payload() instanceof VisitorLinked linked) {
                choices.linkVisitor(envelope.subjectId(), linked.visitorSubjectId());
            }
        });
    }
}
