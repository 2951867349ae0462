package dev.confidant.account.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One entry of the account security log (category {@code account.security-log}). */
@Entity
@Table(name = "security_log_entry")
public class SecurityLogEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    /** {@code login}, {@code logout}, {@code password-changed}, … */
    public String event;

    @Column(name = "client_address")
    public String clientAddress;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
