package dev.confidant.chat.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One message; its text is stored only as ciphertext under the subject's data key. */
@Entity
@Table(name = "message")
public class Message extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    public UUID id;

    @Column(name = "conversation_id")
    public UUID conversationId;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Enumerated(EnumType.STRING)
    public MessageAuthor author;

    @Column(name = "author_id")
    public UUID authorId;

    /** AES-GCM ciphertext of the text (see {@link DataKey}). */
    public byte[] body;

    /** Slugs of the knowledge-base articles an assistant answer cites. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> cited;

    /** The action an assistant answer offers, as JSON ({@code Assistant.Action}); no content of the person's. */
    public String action;

    /** For assistant answers: whether the best match was strong enough to answer. */
    public Boolean confident;

    @Column(name = "created_at")
    public Instant createdAt;
}
