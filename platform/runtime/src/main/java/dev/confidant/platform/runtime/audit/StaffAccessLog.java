package dev.confidant.platform.runtime.audit;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.RetainedData;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The staff access log (category {@code audit.access-log}): who among the staff read whose personal data, what and
 * why. Call {@link #record} in the transaction that reads; the entry commits with it. Entries are pseudonymous
 * (subject ids only) and outlive a subject's erasure as the accountability record.
 */
@ApplicationScoped
public class StaffAccessLog {

    private static final String INSERT = "INSERT INTO confidant_staff_access_log "
            + "(id, staff_subject_id, staff_roles, data_subject_id, resource, purpose, accessed_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CallerSubject caller;

    @Inject
    Clock clock;

    /**
     * Records that the calling staff member read {@code resource} of {@code dataSubject} for {@code purpose}.
     *
     * @param dataSubject whose data was read, or {@code null} for a list spanning subjects
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(UUID dataSubject, String resource, String purpose) {
        record(caller.id(), Roles.ALL.stream().filter(caller::hasRole).toList(), dataSubject, resource, purpose);
    }

    /**
     * Records a read by a staff member who is not the caller of an HTTP request (a live connection authenticated by
     * its first frame): who, with which of their roles.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(UUID staff, Collection<String> staffRoles, UUID dataSubject, String resource, String purpose) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, staff);
            insert.setString(3, String.join(",", new TreeSet<>(staffRoles.stream().filter(Roles.ALL::contains)
                    .toList())));
            insert.setObject(4, dataSubject);
            insert.setString(5, resource);
            insert.setString(6, purpose);
            insert.setTimestamp(7, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record a staff access (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** Whether any entry names the subject, as the one read or as the staff member who read. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean mentions(UUID subject) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM "
                     + "confidant_staff_access_log WHERE data_subject_id = ? OR staff_subject_id = ?)")) {
            select.setObject(1, subject);
            select.setObject(2, subject);
            try (java.sql.ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the staff access log (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** How an erasure acknowledgement declares this log's entries about the subject, kept in {@code store}. */
    public static RetainedData retainedIn(String store) {
        return new RetainedData(DataCategories.AUDIT_ACCESS_LOG, store, "legitimate interests",
                "the record of which staff read whose data is kept under pseudonymous ids for its 2-year retention");
    }

    /** Deletes entries older than {@code before} (retention expiry); returns how many went. */
    @Transactional(Transactional.TxType.REQUIRED)
    public long expire(Instant before) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM confidant_staff_access_log WHERE accessed_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(before));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not expire the staff access log (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
