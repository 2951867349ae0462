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
    /** The plain name of a file uploaded before names were encrypted; null once encrypted. */
    public String name;

    /** The file's name, AES-GCM under the subject's key (associated data {@code upload-name:<id>}). */
    @Column(name = "name_ciphertext")
    public byte[] nameCiphertext;

    /** The type recognised from the content. */
    @Column(name = "content_type")
    public String contentType;

    public long size;

    @Column(name = "created_at")
    public Instant createdAt;
}
