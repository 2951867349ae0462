package dev.confidant.retention.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A request for a copy of everything the suite holds about a subject (GDPR Art. 15/20), from receipt to bundle. */
@Entity
@Table(name = "access_request")
public class AccessRequest extends PanacheEntityBase {

    public enum Status {
        /** Waiting for owners' exports. */
        COLLECTING,
        /** Every owner has answered: the bundle can be downloaded. */
        READY,
        /** The bundle's time is up and its content deleted. */
        EXPIRED
    }

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    /** {@code subject} or {@code dpo}. */
    public String origin;

    /** The DPO who asked, when a DPO did. */
    @Column(name = "requested_by")
    public UUID requestedBy;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** One calendar month from receipt. */
    public Instant deadline;

    @Column(name = "ready_at")
    public Instant readyAt;

    /** When the bundle's content is deleted. */
    @Column(name = "bundle_expires_at")
    public Instant bundleExpiresAt;
}
