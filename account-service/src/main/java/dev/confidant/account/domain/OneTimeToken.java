package dev.confidant.account.domain;

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
        CHANGE_EMAIL
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

    /** Stores a new link for {@code subject} and returns its secret, which is kept only as a hash. */
    public static String issue(UUID subject, Purpose purpose, Instant expiresAt) {
        String secret = Secrets.generate();
        OneTimeToken link = new OneTimeToken();
        link.id = UUID.randomUUID();
        link.tokenHash = Secrets.hash(secret);
        link.purpose = purpose;
        link.subjectId = subject;
        link.expiresAt = expiresAt;
        link.persist();
        return secret;
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
