package dev.confidant.chat.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A file uploaded into a conversation; its content is encrypted in the blob store. */
@Entity
@Table(name = "upload")
public class Upload extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "conversation_id")
    public UUID conversationId;

    /** The sanitised file name. */
    public String name;

    /** The type recognised from the content. */
    @Column(name = "content_type")
    public String contentType;

    public long size;

    @Column(name = "created_at")
    public Instant createdAt;
}
