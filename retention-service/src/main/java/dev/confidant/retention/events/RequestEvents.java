package dev.confidant.retention.events;

import dev.confidant.platform.events.AccountDeletionRequested;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventFormatException;
import dev.confidant.platform.events.MinorReportConfirmed;
import dev.confidant.platform.runtime.inbox.Inbox;
import dev.confidant.retention.service.ErasureRequests;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/** Erasure requests from account-service's events, and the owners' acknowledgements. */
@ApplicationScoped
public class RequestEvents {

    private static final Logger LOG = Logger.getLogger(RequestEvents.class);
    static final String ACCOUNTS = "retention-service.accounts";
    static final String ACKS = "retention-service.privacy-acks";

    @Inject
    Inbox inbox;

    @Inject
    ErasureRequests requests;

    @Incoming("accounts")
    @Blocking(ordered = true)
    @Transactional
    public void onAccount(byte[] value) {
        receive(ACCOUNTS, value).ifPresent(envelope -> {
            if (envelope.payload() instanceof AccountDeletionRequested) {
                requests.receive(envelope.subjectId(), ErasureOrigin.ACCOUNT_DELETION, null);
            } else if (envelope.payload() instanceof MinorReportConfirmed) {
                requests.receive(envelope.subjectId(), ErasureOrigin.MINOR_REPORT, null);
            }
        });
    }

    @Incoming("privacy-acks")
    @Blocking(ordered = true)
    @Transactional
    public void onAck(byte[] value) {
        receive(ACKS, value).ifPresent(envelope -> {
            if (envelope.payload() instanceof ErasureCompleted completed) {
                requests.acknowledged(completed);
            }
        });
    }

    private Optional<EventEnvelope<?>> receive(String consumer, byte[] value) {
        try {
            return inbox.receive(consumer, value);
        } catch (EventFormatException e) {
            LOG.errorf("Skipping an unreadable event: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
