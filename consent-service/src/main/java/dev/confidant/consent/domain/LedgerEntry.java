package dev.confidant.consent.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One entry of the consent ledger. Entries are appended in {@code seq} order and chained: each {@link #hash} is the
 * SHA-256 of the previous entry's hash and this entry's content, so an edit, insertion or removal anywhere breaks
 * every link after it.
 */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {

    /** The hash the first entry chains to. */
    public static final String GENESIS = "0".repeat(64);

    @Id
    public long seq;

    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    public String purpose;

    @Enumerated(EnumType.STRING)
    public ConsentAction action;

    @Column(name = "policy_version")
    public String policyVersion;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Enumerated(EnumType.STRING)
    public ConsentMethod method;

    @Enumerated(EnumType.STRING)
    public ConsentActor actor;

    /** The guardian's or staff member's subject id when they acted; null when the subject did. */
    @Column(name = "actor_id")
    public UUID actorId;

    @Column(name = "user_agent")
    public String userAgent;

    /** The client address truncated to its network (/24 for IPv4, /48 for IPv6). */
    @Column(name = "client_network")
    public String clientNetwork;

    public String jurisdiction;

    @Column(name = "receipt_id")
    public UUID receiptId;

    @Column(name = "prev_hash")
    public String prevHash;

    public String hash;

    /** Set when retention expiry removed the content; the hashes stay so the chain still verifies. */
    @Column(name = "expired_at")
    public Instant expiredAt;


    /** The hash this entry should carry given its content and {@link #prevHash}. */
    public String computeHash() {
        StringBuilder canonical = new StringBuilder();
        field(canonical, prevHash);
        field(canonical, Long.toString(seq));
        field(canonical, id);
        field(canonical, subjectId);
        field(canonical, purpose);
        field(canonical, action == null ? null : action.name());
        field(canonical, policyVersion);
        field(canonical, occurredAt);
        field(canonical, method == null ? null : method.name());
        field(canonical, actor == null ? null : actor.name());
        field(canonical, actorId);
        field(canonical, userAgent);
        field(canonical, clientNetwork);
        field(canonical, jurisdiction);
        field(canonical, receiptId);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length-prefixed, so no value can be shifted into its neighbour; null differs from empty. */
    private static void field(StringBuilder canonical, Object value) {
        if (value == null) {
            canonical.append("~;");
        } else {
            String text = value.toString();
            canonical.append(text.length()).append(':').append(text).append(';');
        }
    }
}
