package dev.confidant.account.service;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.DeletionReason;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.PersonalDataDeleted;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.owner.OwnerAcknowledgements;
import dev.confidant.platform.runtime.owner.PrivacyCommandHandler;
import dev.confidant.platform.runtime.persistence.SubjectRows;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Deletes a subject's account data when retention-service's erase command arrives, set-based, and acknowledges
 * with counts per store and category; expires old security-log entries on expire commands.
 */
@ApplicationScoped
public class AccountErasure implements PrivacyCommandHandler {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Revocations revocations;

    @Inject
    Outbox outbox;

    @Inject
    OwnerAcknowledgements acknowledgements;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    Clock clock;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(UUID subject, UUID requestId, UUID correlationId) {
        try (Connection connection = dataSource.getConnection()) {
            Deleted deleted = deleteSubject(connection, subject);
            // keep refusing any token issued before now, although the account is gone
            revocations.all(subject, clock.instant(), RevocationReason.ERASED);
            // staff role history counts as access-log data: who could read personal data, when
            boolean staffRecords = accessLog.mentions(subject) || SubjectRows.count(connection,
                    "SELECT count(*) FROM role_change WHERE subject_id = ? OR changed_by = ?", subject) > 0;
            acknowledgements.erased(subject, requestId, correlationId, List.of(
                    acknowledgements.count(Registrations.STORE, DataCategories.ACCOUNT_PROFILE, deleted.profile()),
                    acknowledgements.count(Registrations.STORE, DataCategories.ACCOUNT_SECURITY_LOG, deleted.securityLog())),
                    staffRecords ? List.of(StaffAccessLog.retainedIn(Registrations.STORE)) : List.of());
        } catch (SQLException e) {
            throw new IllegalStateException("erasure failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** Expires this service's records of the command's category older than its cutoff, except held subjects'. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void expire(ExpireRecords command, UUID correlationId) {
        if (DataCategories.AUDIT_ACCESS_LOG.equals(command.category())) {
            acknowledgements.expired(command, correlationId, Registrations.STORE, accessLog.expire(command.expiredBefore()));
            return;
        }
        if (DataCategories.ACCOUNT_PROFILE.equals(command.category())) {
            expireInactiveAccounts(command, correlationId);
            return;
        }
        if (!DataCategories.ACCOUNT_SECURITY_LOG.equals(command.category())) {
            return; // not a category this service owns
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM security_log_entry "
                     + "WHERE occurred_at < ? AND NOT (subject_id = ANY (?))")) {
            delete.setTimestamp(1, Timestamp.from(command.expiredBefore()));
            delete.setArray(2, connection.createArrayOf("uuid", command.heldSubjects().toArray()));
            acknowledgements.expired(command, correlationId, Registrations.STORE, delete.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException("expiry failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Deletes accounts whose holders have not logged in since the cutoff (except held subjects'), with all their
     * rows, announcing each deletion so the data map follows.
     */
    private void expireInactiveAccounts(ExpireRecords command, UUID correlationId) {
        List<UUID> inactive = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT subject_id FROM account "
                     + "WHERE last_active_at < ? AND NOT (subject_id = ANY (?))")) {
            select.setTimestamp(1, Timestamp.from(command.expiredBefore()));
            select.setArray(2, connection.createArrayOf("uuid", command.heldSubjects().toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    inactive.add(rs.getObject(1, UUID.class));
                }
            }
            long rows = 0;
            Instant now = clock.instant();
            for (UUID subject : inactive) {
                rows += deleteSubject(connection, subject).total();
                outbox.publish(subject, correlationId, new PersonalDataDeleted(DataCategories.ACCOUNT_PROFILE,
                        Registrations.STORE, subject.toString(), now, DeletionReason.EXPIRY));
            }
            acknowledgements.expired(command, correlationId, Registrations.STORE, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("expiry failed (SQL state " + e.getSQLState() + ")", e);
        }
    }


    /** Rows removed for one subject, by category. */
    private record Deleted(long profile, long securityLog) {
        long total() {
            return profile + securityLog;
        }
    }

    private static Deleted deleteSubject(Connection connection, UUID subject) throws SQLException {
        long securityLog = SubjectRows.update(connection, "DELETE FROM security_log_entry WHERE subject_id = ?",
                subject);
        long profile = 0;
        profile += SubjectRows.update(connection, "DELETE FROM login_failure WHERE email IN "
                + "(SELECT email FROM account WHERE subject_id = ?)", subject);
        profile += SubjectRows.update(connection, "DELETE FROM refresh_token WHERE subject_id = ?", subject);
        profile += SubjectRows.update(connection, "DELETE FROM profile_change WHERE subject_id = ?", subject);
        profile += SubjectRows.update(connection, "DELETE FROM visitor_link WHERE subject_id = ?", subject);
        profile += SubjectRows.update(connection, "DELETE FROM minor_report WHERE subject_id = ?", subject);
        // one_time_token and account_role go with the account (ON DELETE CASCADE)
        profile += SubjectRows.update(connection, "DELETE FROM account WHERE subject_id = ?", subject);
        return new Deleted(profile, securityLog);
    }
}
