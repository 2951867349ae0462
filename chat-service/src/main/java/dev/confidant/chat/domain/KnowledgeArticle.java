package dev.confidant.chat.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A help article the assistant answers from, in one language: the same slug names its versions in other languages. Not
 * personal data.
 */
@Entity
@Table(name = "kb_article")
public class KnowledgeArticle extends PanacheEntityBase {

    @Id
    public UUID id;

    public String slug;

    public String title;

    public String body;

    /** ISO 639-1 code: {@code en}, {@code zh}, … */
    public String lang;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> tags;

    /** Title and tags as full-text search indexes them ({@link ArticleText#searchable}). */
    @Column(name = "search_title")
    public String searchTitle;

    /** The body as full-text search indexes it. */
    @Column(name = "search_body")
    public String searchBody;

    /** The dense embedding of title, tags and body (float32, little-endian), or null when embeddings are off. */
    public byte[] embedding;

    /** The model that computed {@link #embedding}; another model's vectors are recomputed. */
    @Column(name = "embedding_model")
    public String embeddingModel;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public UUID updatedBy;
}
