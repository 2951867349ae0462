package dev.confidant.consent.service;

import dev.confidant.consent.config.ConsentConfig;
import dev.confidant.consent.domain.ConsentMethod;
import dev.confidant.consent.domain.ConsentReceipt;
import dev.confidant.consent.domain.LedgerEntry;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What auditors (and DPOs) read: the ledger by subject, purpose, time, policy version and method; exports; counts
 * over time; one subject's evidence. Every query is itself recorded in the staff access log.
 */
@ApplicationScoped
public class ConsentAudit {

    /** Why staff read consent evidence, as the access log records it. */
    public static final String PURPOSE = "consent audit";

    /** Filters of a ledger query; any may be null. {@code to} is exclusive. */
    public record LedgerQuery(UUID subject, String purpose, Instant from, Instant to, String policyVersion,
                              ConsentMethod method) {
        String describe() {
            List<String> parts = new ArrayList<>();
            if (purpose != null) {
                parts.add("purpose=" + purpose);
            }
            if (from != null) {
                parts.add("from=" + from);
            }
            if (to != null) {
                parts.add("to=" + to);
            }
            if (policyVersion != null) {
                parts.add("policyVersion=" + policyVersion);
            }
            if (method != null) {
                parts.add("method=" + method.code());
            }
            return parts.isEmpty() ? "all" : String.join(" ", parts);
        }
    }

    /** One page of entries, in ledger order. */
    public record Page(List<LedgerEntry> items, int page, int size, long total) {
    }

    /** Counts of one purpose's changes in one period. */
    public record PeriodCount(LocalDate period, String purpose, long grants, long withdrawals, long reconfirmations) {
    }

    /** Everything the ledger holds about one subject, with the proof that the chain holds. */
    public record Evidence(UUID subject, Instant generatedAt, List<LedgerEntry> entries, List<ConsentReceipt> receipts,
                           List<ConsentChoices.PurposeStatus> current, ConsentLedger.Verification chain) {
    }

    private static final String COLUMNS = "seq, id, subject_id, purpose, action, policy_version, occurred_at, method, "
            + "actor, actor_id, user_agent, client_network, jurisdiction, receipt_id, prev_hash, hash, expired_at";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    ConsentLedger ledger;

    @Inject
    ConsentReceipts receipts;

    @Inject
    ConsentChoices choices;

    @Inject
    ConsentConfig config;

    @Transactional
    public Page query(LedgerQuery query, int page, int size) {
        if (page < 0 || size < 1 || size > config.maxPageSize()) {
            throw ProblemException.badRequest("page must be 0 or more and size between 1 and " + config.maxPageSize());
        }
        accessLog.record(query.subject(), "consent ledger query: " + query.describe(), PURPOSE);
        Where where = where(query);
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = where.prepare(connection, "SELECT count(*) FROM ledger_entry" + where.sql)) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<LedgerEntry> items = new ArrayList<>();
            try (PreparedStatement select = where.prepare(connection, "SELECT " + COLUMNS + " FROM ledger_entry"
                    + where.sql + " ORDER BY seq LIMIT " + size + " OFFSET " + ((long) page * size))) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        items.add(ConsentLedger.read(rs));
                    }
                }
            }
            return new Page(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException("could not query the ledger (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** Records an export in the access log; call before streaming it with {@link #export}. */
    @Transactional
    public void recordExport(LedgerQuery query, String format) {
        accessLog.record(query.subject(), "consent ledger export (" + format + "): " + query.describe(), PURPOSE);
    }

    /** Streams every matching entry in ledger order to {@code sink}, without holding them all in memory. */
    public void export(LedgerQuery query, Consumer<LedgerEntry> sink) {
        Where where = where(query);
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement select = where.prepare(connection, "SELECT " + COLUMNS + " FROM ledger_entry"
                         + where.sql + " ORDER BY seq")) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(ConsentLedger.read(rs));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not export the ledger (SQL state " + e.getSQLState() + ")", e);
            }
        });
    }

    /** Grants, withdrawals and reconfirmations per purpose and period ({@code day}, {@code week}, {@code month}). */
    @Transactional
    public List<PeriodCount> counts(LedgerQuery query, String interval) {
        if (!List.of("day", "week", "month").contains(interval)) {
            throw ProblemException.badRequest("interval must be day, week or month");
        }
        accessLog.record(query.subject(), "consent ledger counts per " + interval + ": " + query.describe(), PURPOSE);
        Where where = where(query);
        String sql = "SELECT date_trunc('" + interval + "', occurred_at AT TIME ZONE 'UTC')::date AS period, purpose, "
                + "count(*) FILTER (WHERE action = 'GRANT'), count(*) FILTER (WHERE action = 'WITHDRAW'), "
                + "count(*) FILTER (WHERE action = 'RECONFIRM') FROM ledger_entry" + where.sql
                + (where.sql.isEmpty() ? " WHERE" : " AND") + " expired_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = where.prepare(connection, sql);
             ResultSet rs = select.executeQuery()) {
            List<PeriodCount> counts = new ArrayList<>();
            while (rs.next()) {
                counts.add(new PeriodCount(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5)));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the ledger (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** Walks the whole chain; recorded as an audit read that names no subject. */
    @Transactional
    public ConsentLedger.Verification verify() {
        accessLog.record(null, "consent ledger verification", PURPOSE);
        return ledger.verify();
    }

    /** One subject's entries, receipts and current state, with a verification of the whole chain. */
    @Transactional
    public Evidence evidence(UUID subject, Instant now) {
        accessLog.record(subject, "consent evidence bundle", PURPOSE);
        Page all = entriesOf(subject);
        return new Evidence(subject, now, all.items(), receipts.of(subject), choices.status(subject), ledger.verify());
    }

    private Page entriesOf(UUID subject) {
        List<LedgerEntry> entries = LedgerEntry.list("subjectId = ?1 order by seq", subject);
        return new Page(entries, 0, entries.size(), entries.size());
    }

    /** A WHERE clause and its parameters, in order. */
    private record Where(String sql, List<Object> parameters) {
        PreparedStatement prepare(Connection connection, String statementSql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(statementSql);
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                if (value instanceof Instant instant) {
                    statement.setTimestamp(i + 1, Timestamp.from(instant));
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            return statement;
        }
    }

    private static Where where(LedgerQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (query.subject() != null) {
            conditions.add("subject_id = ?");
            parameters.add(query.subject());
        }
        if (query.purpose() != null) {
            conditions.add("purpose = ?");
            parameters.add(query.purpose());
        }
        if (query.from() != null) {
            conditions.add("occurred_at >= ?");
            parameters.add(query.from());
        }
        if (query.to() != null) {
            conditions.add("occurred_at < ?");
            parameters.add(query.to());
        }
        if (query.policyVersion() != null) {
            conditions.add("policy_version = ?");
            parameters.add(query.policyVersion());
        }
        if (query.method() != null) {
            conditions.add("method = ?");
            parameters.add(query.method().name());
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), parameters);
    }

}
