package dev.confidant.account.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
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

    /** Revokes every token of {@code subjectId} issued up to {@code now}. */
    public static void revokeAll(UUID subjectId, Instant now) {
        TokenRevocation revocation = findById(subjectId);
        if (revocation == null) {
            revocation = new TokenRevocation();
            revocation.subjectId = subjectId;
            revocation.revokedBefore = now;
            revocation.persist();
        } else if (revocation.revokedBefore.isBefore(now)) {
            revocation.revokedBefore = now;
        }
    }
}
