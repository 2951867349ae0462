package dev.confidant.chat.events;

import dev.confidant.chat.service.VisitorLinks;
import dev.confidant.platform.events.VisitorLinked;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Account lifecycle from account-service: a linked visitor's chats move to the account. */
@ApplicationScoped
public class AccountEvents {

    static final String CONSUMER = "chat-service.accounts";

    @Inject
    Inbox inbox;

    @Inject
    VisitorLinks links;

    @Incoming("accounts")
    @Blocking(ordered = true)
    @Transactional
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record).ifPresent(envelope -> {
            if (envelope.payload() instanceof VisitorLinked linked) {
                links.link(linked.visitorSubjectId(), envelope.subjectId());
            }
        });
    }
}
