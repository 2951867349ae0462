package dev.confidant.consent.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A signed consent receipt given to the subject for one change; kept with the ledger as evidence. */
@Entity
@Table(name = "consent_receipt")
public class ConsentReceipt extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    /** Compact JWS (RS256) over the Kantara Consent Receipt v1.1 JSON. */
    public String jws;
}
