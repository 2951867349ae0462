package dev.confidant.consent.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** What this service knows about a subject besides its choices. */
@Entity
@Table(name = "consent_subject")
public class ConsentSubject extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    /** Registered as a child: consent-based purposes need a guardian's grant. */
    public boolean minor;

    /** The first request carrying {@code Sec-GPC: 1}; the refusal it caused is recorded once. */
    @Column(name = "gpc_seen_at")
    public Instant gpcSeenAt;
}
