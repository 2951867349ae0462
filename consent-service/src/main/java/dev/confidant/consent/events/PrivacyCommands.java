package dev.confidant.consent.events;

import dev.confidant.consent.service.ConsentErasure;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Erase and expire commands from retention-service, applied once each (the inbox) with their acknowledgement. */
@ApplicationScoped
public class PrivacyCommands {

    static final String CONSUMER = "consent-service.privacy-commands";

    @Inject
    Inbox inbox;

    @Inject
    ConsentErasure erasure;

    @Incoming("privacy-commands")
    @Blocking(ordered = true)
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record).ifPresent(erasure::handle);
    }
}
