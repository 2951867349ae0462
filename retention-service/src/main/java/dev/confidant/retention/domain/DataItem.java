package dev.confidant.retention.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One piece of a subject's personal data in the data map: which owner holds it, of which category, where. */
@Entity
@Table(name = "data_item")
public class DataItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "subject_id")
    public UUID subjectId;

    /** The service that announced it. */
    public String owner;

    public String category;

    public String store;

    /** The owner's own id of the piece; never its content. */
    public String reference;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;
}
