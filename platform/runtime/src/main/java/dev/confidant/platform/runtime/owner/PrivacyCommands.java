package dev.confidant.platform.runtime.owner;

import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * retention-service's erase and expire commands ({@code confidant.privacy-commands}), for every data owner: each
 * first delivery goes to the service's {@link PrivacyCommandHandler} inside the inbox transaction, so it is applied,
 * and acknowledged, once. The consumer group is the service's name; a service with no handler reads and skips.
 * Each instance runs three copies of this consumer ({@code concurrency}), each owning some of the topic's partitions:
 * commands for different subjects are applied side by side, and one subject's (same key, same partition) in order.
 */
@ApplicationScoped
public class PrivacyCommands {

    @Inject
    Inbox inbox;

    @Inject
    Instance<PrivacyCommandHandler> handler;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    @Incoming("privacy-commands")
    @Blocking(ordered = true)
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(application + ".privacy-commands", record).ifPresent(envelope -> {
            if (handler.isResolvable()) {
                handler.get().handle(envelope);
            }
        });
    }
}
