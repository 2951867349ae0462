package dev.confidant.chat.events;

import dev.confidant.chat.service.VisitorLinks;
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

/** Account lifecycle from account-service: a linked visitor's chats move to the account. */
@ApplicationScoped
public class AccountEvents {

    private static final Logger LOG = Logger.getLogger(AccountEvents.class);
    static final String CONSUMER = "chat-service.accounts";

    @Inject
    Inbox inbox;

    @Inject
    VisitorLinks links;

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
            if (envelope.payload() instanceof VisitorLinked linked) {
                links.link(linked.visitorSubjectId(), envelope.subjectId());
            }
        });
    }
}
