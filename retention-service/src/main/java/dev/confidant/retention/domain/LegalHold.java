package dev.confidant.retention.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A legal hold: while active, the subject's data is neither expired nor erased. */
@Entity
@Table(name = "legal_hold")
public class LegalHold extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    /** The case or dispute it is for. */
    @Column(name = "case_reference")
    public String caseReference;

    public String reason;

    @Column(name = "placed_by")
    public UUID placedBy;

    @Column(name = "placed_at")
    public Instant placedAt;

    /** When it lapses by itself; null until released. */
    public Instant until;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Column(name = "released_by")
    public UUID releasedBy;

    public boolean activeAt(Instant now) {
        return releasedAt == null && (until == null || until.isAfter(now));
    }
}
