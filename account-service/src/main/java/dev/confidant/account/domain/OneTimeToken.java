package dev.confidant.account.domain;

import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.security.Secrets;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A mailed one-time link's secret, stored as its SHA-256 hash. */
@Entity
@Table(name = "one_time_token")
public class OneTimeToken extends PanacheEntityBase {

    /** What the link does. */
    public enum Purpose {
        VERIFY_EMAIL,
        RESET_PASSWORD,
        CONFIRM_GUARDIAN,
        /** Bound to the SHA-256 of the new address it was mailed to. */
        CHANGE_EMAIL,
        /** Mailed to the old address after a change; bound to that address, which it restores. */
        UNDO_EMAIL_CHANGE
    }

    @Id
    public UUID id;

    @Column(name = "token_hash")
    public String tokenHash;

    @Enumerated(EnumType.STRING)
    public Purpose purpose;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** What the link is bound to, for the purposes that are ({@link Purpose}); null otherwise. */
    @Column(name = "bound_to")
    public String boundTo;

    /** Stores a new link for {@code subject} and returns its secret, which is kept only as a hash. */
    public static String issue(UUID subject, Purpose purpose, Instant expiresAt) {
        return issue(subject, purpose, expiresAt, null);
    }

    /** Like {@link #issue(UUID, Purpose, Instant)}, bound to {@code boundTo}. */
    public static String issue(UUID subject, Purpose purpose, Instant expiresAt, String boundTo) {
        String secret = Secrets.generate();
        OneTimeToken link = new OneTimeToken();
        link.id = Randomness.uuid();
        link.tokenHash = Secrets.hash(secret);
        link.purpose = purpose;
        link.subjectId = subject;
        link.expiresAt = expiresAt;
        link.boundTo = boundTo;
        link.persist();
        return secret;
    }

    /** Ends every unused link of {@code subject} for {@code purpose}: a newer one replaces them. */
    public static void cancelAll(UUID subject, Purpose purpose, Instant now) {
        update("usedAt = ?1 where subjectId = ?2 and purpose = ?3 and usedAt is null", now, subject, purpose);
    }

    /**
     * Uses the link whose secret was presented, once: the unused, unexpired link of this purpose, now marked used.
     * Empty for anything else, malformed input included.
     */
    public static Optional<OneTimeToken> redeem(String secret, Purpose purpose, Instant now) {
        if (secret == null || secret.isBlank() || secret.length() > 100) {
            return Optional.empty();
        }
        Optional<OneTimeToken> link = find("tokenHash = ?1 and purpose = ?2 and usedAt is null and expiresAt > ?3",
                Secrets.hash(secret), purpose, now).firstResultOptional();
        link.ifPresent(used -> used.usedAt = now);
        return link;
    }
}
