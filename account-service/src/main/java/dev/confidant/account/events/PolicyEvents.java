package dev.confidant.account.events;

import dev.confidant.account.service.PolicyNotices;
import dev.confidant.platform.events.PolicyVersionPublished;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** New privacy policy versions from consent-service: every account holder is mailed before they take effect. */
@ApplicationScoped
public class PolicyEvents {

    static final String CONSUMER = "account-service.consent";

    @Inject
    Inbox inbox;

    @Inject
    PolicyNotices notices;

    @Incoming("consent")
    @Blocking(ordered = true)
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record).ifPresent(envelope -> {
            if (envelope.payload() instanceof PolicyVersionPublished published) {
                notices.announce(published);
            }
        });
    }
}
