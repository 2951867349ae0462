package dev.confidant.retention.domain;

import dev.confidant.platform.events.ErasureOrigin;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A request to erase everything about a subject, from receipt to certificate. */
@Entity
@Table(name = "erasure_request")
public class ErasureRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Enumerated(EnumType.STRING)
    public ErasureOrigin origin;

    @Enumerated(EnumType.STRING)
    public ErasureStatus status;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** One calendar month from receipt; three with an extension. */
    public Instant deadline;

    @Column(name = "extension_reason")
    public String extensionReason;

    @Column(name = "held_reason")
    public String heldReason;

    /** The DPO who asked, when a DPO did. */
    @Column(name = "requested_by")
    public UUID requestedBy;

    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
