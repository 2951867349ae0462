package dev.confidant.chat.events;

import dev.confidant.chat.service.ChatErasure;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventFormatException;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/** Erase and expire commands from retention-service, applied once each (the inbox) with their acknowledgement. */
@ApplicationScoped
public class PrivacyCommands {

    private static final Logger LOG = Logger.getLogger(PrivacyCommands.class);
    static final String CONSUMER = "chat-service.privacy-commands";

    @Inject
    Inbox inbox;

    @Inject
    ChatErasure erasure;

    @Incoming("privacy-commands")
    @Blocking(ordered = true)
    @Transactional
    public void on(byte[] value) {
        Optional<EventEnvelope<?>> received;
        try {
            received = inbox.receive(CONSUMER, value);
        } catch (EventFormatException e) {
            LOG.errorf("Skipping an unreadable privacy command: %s", e.getMessage());
            return;
        }
        received.ifPresent(envelope -> {
            if (envelope.payload() instanceof ErasureRequested command) {
                erasure.erase(envelope.subjectId(), command.requestId(), envelope.correlationId());
            } else if (envelope.payload() instanceof ExpireRecords command) {
                erasure.expire(command, envelope.correlationId());
            }
        });
    }
}
