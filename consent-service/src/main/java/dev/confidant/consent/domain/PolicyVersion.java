package dev.confidant.consent.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A published version of the privacy policy. Immutable once published. */
@Entity
@Table(name = "policy_version")
public class PolicyVersion extends PanacheEntityBase {

    @Id
    public String version;

    /** The policy text, or null when it is published at {@link #url}. */
    public String text;

    public String url;

    /** SHA-256 (hex) of the text, or of the document at the URL as the DPO stated it. */
    public String sha256;

    public String summary;

    /** A material change: consent given under earlier versions must be given again once this takes effect. */
    public boolean material;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "effective_at")
    public Instant effectiveAt;

    /** The "last updated" date the policy shows. */
    @Column(name = "last_updated")
    public LocalDate lastUpdated;

    @Column(name = "published_by")
    public UUID publishedBy;

    /** When the projections were told which grants this version invalidated; null until then. */
    @Column(name = "applied_at")
    public Instant appliedAt;
}
