package dev.confidant.retention.service;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.RetainedData;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.owner.OwnerAcknowledgements;
import dev.confidant.platform.runtime.owner.PrivacyCommandHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * retention-service as a data owner like any other: it keeps access bundles (copies of a subject's data) and a staff
 * access log, so it answers its own erase and expire commands. The erasure requests themselves stay: they and their
 * certificates are the proof that the erasure happened.
 */
@ApplicationScoped
public class RetentionOwner implements PrivacyCommandHandler {

    /** This service's database, as certificates and the data map name it. */
    public static final String STORE = "retention-db";
    /** Access bundles are copies of every category; certificates count them under this name. */
    public static final String ACCESS_BUNDLE = "access-bundle";

    @Inject
    AccessRequests accessRequests;

    @Inject
    OwnerAcknowledgements acknowledgements;

    @Inject
    StaffAccessLog accessLog;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(UUID subject, UUID requestId, UUID correlationId) {
        long bundles = accessRequests.erase(subject);
        List<RetainedData> retained = new ArrayList<>();
        retained.add(new RetainedData("data-subject-request", STORE, "legal obligation",
                "the erasure request and its certificate prove the erasure (GDPR Art. 5(2)); they name only the "
                        + "pseudonymous subject id"));
        if (accessLog.mentions(subject)) {
            retained.add(StaffAccessLog.retainedIn(STORE));
        }
        acknowledgements.erased(subject, requestId, correlationId,
                List.of(acknowledgements.count(STORE, ACCESS_BUNDLE, bundles)), retained);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void expire(ExpireRecords command, UUID correlationId) {
        if (!DataCategories.AUDIT_ACCESS_LOG.equals(command.category())) {
            return; // not a category this service owns
        }
        acknowledgements.expired(command, correlationId, STORE, accessLog.expire(command.expiredBefore()));
    }
}
