package dev.confidant.consent.service;

import dev.confidant.consent.domain.LedgerEntry;

/**
 * The consent ledger as CSV (RFC 4180, CRLF line ends) for auditors: one row per entry, every field of the hash
 * chain, so the export can be verified without the service.
 */
public final class LedgerCsv {

    public static final String HEADER = "seq,id,subject_id,purpose,action,policy_version,occurred_at,method,actor,"
            + "actor_id,user_agent,client_network,jurisdiction,receipt_id,prev_hash,hash,expired_at\r\n";

    private LedgerCsv() {
    }

    /** One entry as a CSV line, ending in CRLF. */
    public static String row(LedgerEntry e) {
        Object[] fields = {e.seq, e.id, e.subjectId, e.purpose, e.action == null ? null : e.action.code(),
                e.policyVersion, e.occurredAt, e.method == null ? null : e.method.code(),
                e.actor == null ? null : e.actor.code(), e.actorId, e.userAgent, e.clientNetwork, e.jurisdiction,
                e.receiptId, e.prevHash, e.hash, e.expiredAt};
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(field(fields[i]));
        }
        return row.append("\r\n").toString();
    }

    /** RFC 4180 quoting; a leading formula character is defused so a spreadsheet shows it as text. */
    public static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
