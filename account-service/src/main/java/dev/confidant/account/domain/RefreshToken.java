package dev.confidant.account.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One refresh token of a login's family. Only its SHA-256 hash is stored. Each use marks it used and issues the
 * next of the family; presenting a used one again means it was stolen, and the whole family is revoked.
 */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "family_id")
    public UUID familyId;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    /** When the login this token belongs to last proved the password (null for rows older than the column). */
    @Column(name = "authenticated_at")
    public Instant authenticatedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public static Optional<RefreshToken> findByHash(String hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    /** Revokes every still-valid token of the family. */
    /**
     * Marks the token used, only if it was neither used nor revoked: a conditional update, so of two concurrent uses
     * one claims it and the other, waiting on the row, finds it used.
     *
     * @return whether this caller claimed it
     */
    public static boolean claim(UUID id, Instant now) {
        return update("usedAt = ?1 where id = ?2 and usedAt is null and revokedAt is null", now, id) == 1;
    }

    public static long revokeFamily(UUID familyId, Instant now) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }

    /** Revokes every refresh token of the subject. */
    public static long revokeAllOf(UUID subjectId, Instant now) {
        return update("revokedAt = ?1 where subjectId = ?2 and revokedAt is null", now, subjectId);
    }
}
