package dev.confidant.consent.service;

import dev.confidant.consent.domain.ConsentAction;
import dev.confidant.consent.domain.ConsentActor;
import dev.confidant.consent.domain.ConsentMethod;
import dev.confidant.consent.domain.LedgerEntry;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The append-only, hash-chained consent ledger: appends one entry after another under a lock on the chain's head,
 * and walks the chain to prove nothing was changed.
 */
@ApplicationScoped
public class ConsentLedger {

    /**
     * The outcome of walking the chain.
     *
     * @param valid          whether every link holds
     * @param entriesChecked entries walked
     * @param headSeq        the sequence number the head records
     * @param headHash       the hash the head records
     * @param firstBrokenSeq the first entry whose link does not hold, or null
     * @param firstBrokenId  its id, or null
     * @param problem        what is wrong with it, or null
     */
    public record Verification(boolean valid, long entriesChecked, long headSeq, String headHash, Instant verifiedAt,
                               Long firstBrokenSeq, UUID firstBrokenId, String problem) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    /**
     * Appends entries (seq, prevHash and hash are set here) in the current transaction. Appends are serialised by the
     * head row's lock until the transaction ends.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Object[] head = (Object[]) entityManager.createNativeQuery(
                "SELECT seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE").getSingleResult();
        long seq = ((Number) head[0]).longValue();
        String hash = (String) head[1];
        for (LedgerEntry entry : entries) {
            entry.seq = ++seq;
            entry.prevHash = hash;
            entry.hash = entry.computeHash();
            hash = entry.hash;
            entry.persist();
        }
        entityManager.createNativeQuery("UPDATE ledger_head SET seq = ?1, hash = ?2 WHERE id = 1")
                .setParameter(1, seq).setParameter(2, hash).executeUpdate();
    }

    /**
     * Walks the whole chain in order: each entry's content must hash to its stored hash (tombstones of expired
     * entries keep theirs), each must point at its predecessor's hash, no sequence number may be missing, and the
     * last must be the recorded head.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Verification verify() {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            long headSeq;
            String headHash;
            try (PreparedStatement statement = connection.prepareStatement("SELECT seq, hash FROM ledger_head WHERE id = 1");
                 ResultSet rs = statement.executeQuery()) {
                rs.next();
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
            long checked = 0;
            long expectedSeq = 1;
            String previousHash = LedgerEntry.GENESIS;
            try (PreparedStatement statement = connection.prepareStatement("SELECT seq, id, subject_id, purpose, action, "
                    + "policy_version, occurred_at, method, actor, actor_id, user_agent, client_network, jurisdiction, "
                    + "receipt_id, prev_hash, hash, expired_at FROM ledger_entry ORDER BY seq")) {
                statement.setFetchSize(1000);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        LedgerEntry entry = read(rs);
                        checked++;
                        String problem = null;
                        if (entry.seq != expectedSeq) {
                            problem = "entries " + expectedSeq + " to " + (entry.seq - 1) + " are missing";
                        } else if (!entry.prevHash.equals(previousHash)) {
                            problem = "does not link to the entry before it";
                        } else if (entry.expiredAt == null && !entry.hash.equals(entry.computeHash())) {
                            problem = "its content does not match its hash";
                        }
                        if (problem != null) {
                            return new Verification(false, checked, headSeq, headHash, now, entry.seq, entry.id, problem);
                        }
                        previousHash = entry.hash;
                        expectedSeq = entry.seq + 1;
                    }
                }
            }
            if (expectedSeq - 1 != headSeq || !previousHash.equals(headHash)) {
                return new Verification(false, checked, headSeq, headHash, now, expectedSeq, null,
                        "the chain does not end at the recorded head: entries after " + (expectedSeq - 1)
                                + " are missing or the head was changed");
            }
            return new Verification(true, checked, headSeq, headHash, now, null, null, null);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the ledger (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** An entry as stored, from a row of the columns {@link #verify} selects. */
    static LedgerEntry read(ResultSet rs) throws SQLException {
        LedgerEntry entry = new LedgerEntry();
        entry.seq = rs.getLong("seq");
        entry.id = rs.getObject("id", UUID.class);
        entry.subjectId = rs.getObject("subject_id", UUID.class);
        entry.purpose = rs.getString("purpose");
        entry.action = enumOrNull(ConsentAction.class, rs.getString("action"));
        entry.policyVersion = rs.getString("policy_version");
        Timestamp occurred = rs.getTimestamp("occurred_at");
        entry.occurredAt = occurred == null ? null : occurred.toInstant();
        entry.method = enumOrNull(ConsentMethod.class, rs.getString("method"));
        entry.actor = enumOrNull(ConsentActor.class, rs.getString("actor"));
        entry.actorId = rs.getObject("actor_id", UUID.class);
        entry.userAgent = rs.getString("user_agent");
        entry.clientNetwork = rs.getString("client_network");
        entry.jurisdiction = rs.getString("jurisdiction");
        entry.receiptId = rs.getObject("receipt_id", UUID.class);
        entry.prevHash = rs.getString("prev_hash");
        entry.hash = rs.getString("hash");
        Timestamp expired = rs.getTimestamp("expired_at");
        entry.expiredAt = expired == null ? null : expired.toInstant();
        return entry;
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            // an edited row with a value no build wrote: keep it out of the way of the hash check, which will fail
            return null;
        }
    }
}
