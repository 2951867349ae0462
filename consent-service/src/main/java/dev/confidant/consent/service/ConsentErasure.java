package dev.confidant.consent.service;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.RetainedData;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.owner.OwnerAcknowledgements;
import dev.confidant.platform.runtime.owner.PrivacyCommandHandler;
import dev.confidant.platform.runtime.persistence.SubjectRows;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Erase and expire commands. Erasure deletes a subject's current state; the ledger and receipts stay as evidence
 * under a legal obligation, keyed only by the pseudonymous subject id. Expiry turns ledger entries superseded (or
 * withdrawn) before the cutoff into tombstones that keep the chain verifiable, and deletes their receipts.
 */
@ApplicationScoped
public class ConsentErasure implements PrivacyCommandHandler {

    static final String LEGAL_OBLIGATION = "legal obligation";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OwnerAcknowledgements acknowledgements;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    Clock clock;

    @Inject
    ConsentStates states;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(UUID subject, UUID requestId, UUID correlationId) {
        states.changing(subject);
        try (Connection connection = dataSource.getConnection()) {
            long state = SubjectRows.update(connection, "DELETE FROM consent_state WHERE subject_id = ?", subject);
            state += SubjectRows.update(connection, "DELETE FROM consent_subject WHERE subject_id = ?", subject);
            List<RetainedData> retained = new ArrayList<>();
            if (SubjectRows.count(connection, "SELECT count(*) FROM ledger_entry WHERE subject_id = ?", subject) > 0) {
                retained.add(new RetainedData(DataCategories.CONSENT_EVIDENCE, ConsentChoices.STORE, LEGAL_OBLIGATION,
                        "the consent ledger and receipts prove which consents were given and withdrawn; they are kept "
                                + "under the pseudonymous subject id for 5 years after withdrawal or supersession"));
            }
            if (accessLog.mentions(subject)) {
                retained.add(StaffAccessLog.retainedIn(ConsentChoices.STORE));
            }
            acknowledgements.erased(subject, requestId, correlationId, List.of(acknowledgements.count(
                    ConsentChoices.STORE, DataCategories.CONSENT_EVIDENCE, state)), retained);
        } catch (SQLException e) {
            throw new IllegalStateException("erasure failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void expire(ExpireRecords command, UUID correlationId) {
        long expired;
        if (DataCategories.AUDIT_ACCESS_LOG.equals(command.category())) {
            expired = accessLog.expire(command.expiredBefore());
        } else if (DataCategories.CONSENT_EVIDENCE.equals(command.category())) {
            expired = expireEvidence(command);
        } else {
            return; // not a category this service owns
        }
        acknowledgements.expired(command, correlationId, ConsentChoices.STORE, expired);
    }

    /**
     * An entry is due when a later entry for the same subject and purpose was made before the cutoff (superseded
     * that long ago), or when it is a subject's last word on a purpose and was a withdrawal before the cutoff.
     */
    private long expireEvidence(ExpireRecords command) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement tombstone = connection.prepareStatement("UPDATE ledger_entry e SET subject_id = NULL, "
                     + "purpose = NULL, action = NULL, policy_version = NULL, occurred_at = NULL, method = NULL, "
                     + "actor = NULL, actor_id = NULL, user_agent = NULL, client_network = NULL, jurisdiction = NULL, "
                     + "receipt_id = NULL, expired_at = ? "
                     + "WHERE e.expired_at IS NULL AND e.occurred_at < ? AND NOT (e.subject_id = ANY (?)) AND ("
                     + "  EXISTS (SELECT 1 FROM ledger_entry l WHERE l.subject_id = e.subject_id "
                     + "          AND l.purpose = e.purpose AND l.seq > e.seq AND l.occurred_at < ?)"
                     + "  OR (e.action = 'WITHDRAW' AND NOT EXISTS (SELECT 1 FROM ledger_entry l "
                     + "          WHERE l.subject_id = e.subject_id AND l.purpose = e.purpose AND l.seq > e.seq)))");
             PreparedStatement receipts = connection.prepareStatement("DELETE FROM consent_receipt r "
                     + "WHERE r.issued_at < ? AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.receipt_id = r.id)")) {
            Timestamp cutoff = Timestamp.from(command.expiredBefore());
            tombstone.setTimestamp(1, Timestamp.from(clock.instant()));
            tombstone.setTimestamp(2, cutoff);
            tombstone.setArray(3, connection.createArrayOf("uuid", command.heldSubjects().toArray()));
            tombstone.setTimestamp(4, cutoff);
            long expired = tombstone.executeUpdate();
            receipts.setTimestamp(1, cutoff);
            receipts.executeUpdate();
            return expired;
        } catch (SQLException e) {
            throw new IllegalStateException("expiry failed (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
