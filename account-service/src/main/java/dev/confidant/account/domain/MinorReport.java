package dev.confidant.account.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A report that an account belongs to a child, kept only when it names an existing account. */
@Entity
@Table(name = "minor_report")
public class MinorReport extends PanacheEntityBase {

    public enum Status {
        OPEN,
        CONFIRMED,
        DISMISSED
    }

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    /** The reporter's words; cleared once a DPO has decided (they may describe the child). */
    public String details;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "reported_at")
    public Instant reportedAt;

    @Column(name = "decided_by")
    public UUID decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;
}
