package dev.confidant.account.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Access tokens of the subject issued before {@code revokedBefore} are refused (logout everywhere, deletion). */
@Entity
@Table(name = "token_revocation")
public class TokenRevocation extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "revoked_before")
    public Instant revokedBefore;

    /**
     * Revokes every token of {@code subjectId} issued so far: up to {@code now}, or, when an earlier revocation made
     * later tokens carry the next second as {@code iat}, up to that second.
     *
     * @return the instant tokens are revoked up to (to the second)
     */
    public static Instant revokeAll(UUID subjectId, Instant now) {
        TokenRevocation revocation = findById(subjectId);
        if (revocation == null) {
            revocation = new TokenRevocation();
            revocation.subjectId = subjectId;
            revocation.revokedBefore = now;
            revocation.persist();
            return now;
        }
        Instant datedAfterEarlier = revocation.revokedBefore.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Instant before = now.isAfter(datedAfterEarlier) ? now : datedAfterEarlier;
        if (revocation.revokedBefore.isBefore(before)) {
            revocation.revokedBefore = before;
        }
        return revocation.revokedBefore;
    }
}
