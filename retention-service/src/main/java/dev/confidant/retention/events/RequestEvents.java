package dev.confidant.retention.events;

import dev.confidant.platform.events.AccountDeletionRequested;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ExpiryCompleted;
import dev.confidant.platform.events.MinorReportConfirmed;
import dev.confidant.platform.runtime.inbox.Inbox;
import dev.confidant.retention.service.ErasureRequests;
import dev.confidant.retention.service.Sweeps;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Erasure requests from account-service's events, and the owners' acknowledgements. */
@ApplicationScoped
public class RequestEvents {

    static final String ACCOUNTS = "retention-service.accounts";
    static final String ACKS = "retention-service.privacy-acks";

    @Inject
    Inbox inbox;

    @Inject
    ErasureRequests requests;

    @Inject
    Sweeps sweeps;

    @Incoming("accounts")
    @Blocking(ordered = true)
    @Transactional
    public void onAccount(ConsumerRecord<String, byte[]> record) {
        inbox.receive(ACCOUNTS, record).ifPresent(envelope -> {
            if (envelope.payload() instanceof AccountDeletionRequested deletion) {
                requests.receive(envelope.subjectId(), ErasureOrigin.ACCOUNT_DELETION, null, deletion.receiptSha256());
            } else if (envelope.payload() instanceof MinorReportConfirmed) {
                requests.receive(envelope.subjectId(), ErasureOrigin.MINOR_REPORT, null);
            }
        });
    }

    @Incoming("privacy-acks")
    @Blocking(ordered = true)
    @Transactional
    public void onAck(ConsumerRecord<String, byte[]> record) {
        inbox.receive(ACKS, record).ifPresent(envelope -> {
            if (envelope.payload() instanceof ErasureCompleted completed) {
                requests.acknowledged(completed);
            } else if (envelope.payload() instanceof ExpiryCompleted completed) {
                sweeps.acknowledged(completed);
            }
        });
    }
}
