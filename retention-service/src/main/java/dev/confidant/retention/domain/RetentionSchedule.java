package dev.confidant.retention.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** How long one data category is kept, and from when. */
@Entity
@Table(name = "retention_schedule")
public class RetentionSchedule extends PanacheEntityBase {

    @Id
    public String category;

    @Column(name = "retention_days")
    public int retentionDays;

    @Enumerated(EnumType.STRING)
    public RetentionClock clock;

    /** The schedule in words, as the privacy policy states it. */
    public String description;

    public int revision;

    @Column(name = "changed_at")
    public Instant changedAt;

    @Column(name = "changed_by")
    public UUID changedBy;

    /** When a piece stored at {@code createdAt}, last active at {@code lastActivityAt} (may be null), expires. */
    public Instant expiresAt(Instant createdAt, Instant lastActivityAt) {
        Instant start = clock == RetentionClock.LAST_ACTIVITY && lastActivityAt != null ? lastActivityAt : createdAt;
        return start.plus(Duration.ofDays(retentionDays));
    }
}
