package dev.confidant.account.domain;

import dev.confidant.platform.events.Randomness;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A role granted to or revoked from an account, and who did it. */
@Entity
@Table(name = "role_change")
public class RoleChange extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    public String role;

    /** {@code GRANTED}, {@code REVOKED} or {@code DEACTIVATED} (the account, with the roles it held). */
    public String action;

    /** Why, as the admin said (changes made before the reason was asked have none). */
    public String reason;

    @Column(name = "changed_by")
    public UUID changedBy;

    @Column(name = "changed_at")
    public Instant changedAt;

    public static RoleChange record(UUID subject, String role, String action, UUID by, Instant at) {
        return record(subject, role, action, by, at, null);
    }

    public static RoleChange record(UUID subject, String role, String action, UUID by, Instant at, String reason) {
        RoleChange change = new RoleChange();
        change.reason = reason;
        change.id = Randomness.uuid();
        change.subjectId = subject;
        change.role = role;
        change.action = action;
        change.changedBy = by;
        change.changedAt = at;
        change.persist();
        return change;
    }
}
