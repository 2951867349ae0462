package dev.confidant.consent.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A subject's latest choice for one purpose, kept ready so a decision is one key lookup. */
@Entity
@Table(name = "consent_state")
@IdClass(CurrentConsent.Key.class)
public class CurrentConsent extends PanacheEntityBase {

    /** The composite key: subject and purpose. */
    public static class Key implements Serializable {
        public UUID subjectId;
        public String purpose;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(subjectId, key.subjectId)
                    && Objects.equals(purpose, key.purpose);
        }

        @Override
        public int hashCode() {
            return Objects.hash(subjectId, purpose);
        }
    }

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    @Id
    public String purpose;

    public boolean granted;

    @Column(name = "policy_version")
    public String policyVersion;

    @Column(name = "policy_effective_at")
    public Instant policyEffectiveAt;

    @Column(name = "entry_id")
    public UUID entryId;

    @Enumerated(EnumType.STRING)
    public ConsentActor actor;

    @Column(name = "changed_at")
    public Instant changedAt;
}
