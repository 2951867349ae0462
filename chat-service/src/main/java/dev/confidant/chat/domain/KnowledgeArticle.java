package dev.confidant.chat.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A help article the assistant answers from. Not personal data. */
@Entity
@Table(name = "kb_article")
public class KnowledgeArticle extends PanacheEntityBase {

    @Id
    public UUID id;

    public String slug;

    public String title;

    public String body;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public UUID updatedBy;
}
