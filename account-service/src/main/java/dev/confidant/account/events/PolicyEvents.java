package dev.confidant.account.events;

import dev.confidant.account.service.PolicyNotices;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventFormatException;
import dev.confidant.platform.events.PolicyVersionPublished;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/** New privacy policy versions from consent-service: every account holder is mailed before they take effect. */
@ApplicationScoped
public class PolicyEvents {

    private static final Logger LOG = Logger.getLogger(PolicyEvents.class);
    static final String CONSUMER = "account-service.consent";

    @Inject
    Inbox inbox;

    @Inject
    PolicyNotices notices;

    @Incoming("consent")
    @Blocking(ordered = true)
    @Transactional
    public void on(byte[] value) {
        Optional<EventEnvelope<?>> received;
        try {
            received = inbox.receive(CONSUMER, value);
        } catch (EventFormatException e) {
            LOG.errorf("Skipping an unreadable consent event: %s", e.getMessage());
            return;
        }
        received.ifPresent(envelope -> {
            if (envelope.payload() instanceof PolicyVersionPublished published) {
                notices.announce(published);
            }
        });
    }
}
