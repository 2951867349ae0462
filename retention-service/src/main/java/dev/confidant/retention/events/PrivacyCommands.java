package dev.confidant.retention.events;

import dev.confidant.platform.runtime.inbox.Inbox;
import dev.confidant.retention.service.RetentionOwner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** This service's own erase and expire commands, answered as every other owner answers them. */
@ApplicationScoped
public class PrivacyCommands {

    static final String CONSUMER = "retention-service.privacy-commands";

    @Inject
    Inbox inbox;

    @Inject
    RetentionOwner owner;

    @Incoming("privacy-commands")
    @Blocking(ordered = true)
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record).ifPresent(owner::handle);
    }
}
