package dev.confidant.chat.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A saved reply the agents share: text written by staff, never a person's data. */
@Entity
@Table(name = "agent_snippet")
public class Snippet extends PanacheEntityBase {

    public static final int MAX_TITLE = 100;
    public static final int MAX_BODY = 4000;

    @Id
    public UUID id;

    public String title;

    public String body;

    /** The agent who last wrote it. */
    @Column(name = "updated_by")
    public UUID updatedBy;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
