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
    public static long revokeFamily(UUID familyId, Instant now) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }

    /** Revokes every refresh token of the subject. */
    public static long revokeAllOf(UUID subjectId, Instant now) {
        return update("revokedAt = ?1 where subjectId = ?2 and revokedAt is null", now, subjectId);
    }
}
