package dev.confidant.platform.runtime.audit;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.Randomness;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
            insert.setObject(1, Randomness.uuid());
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

    /** What to look for: each null filter matches everything; {@code to} is exclusive. */
    public record Filter(UUID staff, UUID subject, Instant from, Instant to) {
    }

    /** One read, as auditors see it: ids only, never a name or the data read. */
    public record Entry(UUID id, String service, UUID staffId, String staffRoles, UUID subjectId, String resource,
                        String purpose, Instant accessedAt) {
    }

    public record Page(List<Entry> items, int page, int size, long total) {
    }

    /** Entries matching the filter, newest first, one page of them, and how many match in all. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page query(Filter filter, int page, int size, String service) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> parameters = new ArrayList<>();
        if (filter.staff() != null) {
            where.append(" AND staff_subject_id = ?");
            parameters.add(filter.staff());
        }
        if (filter.subject() != null) {
            where.append(" AND data_subject_id = ?");
            parameters.add(filter.subject());
        }
        if (filter.from() != null) {
            where.append(" AND accessed_at >= ?");
            parameters.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND accessed_at < ?");
            parameters.add(Timestamp.from(filter.to()));
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM confidant_staff_access_log"
                     + where);
             PreparedStatement select = connection.prepareStatement("SELECT id, staff_subject_id, staff_roles, "
                     + "data_subject_id, resource, purpose, accessed_at FROM confidant_staff_access_log" + where
                     + " ORDER BY accessed_at DESC, id LIMIT ? OFFSET ?")) {
            for (int i = 0; i < parameters.size(); i++) {
                count.setObject(i + 1, parameters.get(i));
                select.setObject(i + 1, parameters.get(i));
            }
            select.setInt(parameters.size() + 1, size);
            select.setLong(parameters.size() + 2, (long) page * size);
            long total;
            try (java.sql.ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<Entry> items = new ArrayList<>();
            try (java.sql.ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    items.add(new Entry(rs.getObject(1, UUID.class), service, rs.getObject(2, UUID.class),
                            rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6),
                            rs.getTimestamp(7).toInstant()));
                }
            }
            return new Page(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the staff access log (SQL state " + e.getSQLState() + ")", e);
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
