package dev.confidant.chat.api;

import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.DataKey;
import dev.confidant.chat.service.Conversations;
import dev.confidant.chat.service.EmailReplies;
import dev.confidant.chat.service.SubjectKeys;
import dev.confidant.chat.service.Uploads;
import dev.confidant.platform.runtime.owner.SubjectExport;
import dev.confidant.platform.runtime.persistence.NativeValues;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * chat-service's part of an access request: every conversation with its messages (decrypted) and attachments (name,
 * type, size; the files stay downloadable from the conversation), feedback and ratings with their comments, usage
 * analytics and moderation records.
 */
@ApplicationScoped
public class ChatExport implements SubjectExport {

    public record ConversationExport(Views.ConversationView conversation,
                                     List<Views.MessageView> messages,
                                     List<Views.AttachmentView> attachments) {
    }

    @Inject
    Conversations conversations;

    @Inject
    Uploads uploads;

    @Inject
    SubjectKeys keys;

    @Inject
    EmailReplies emailReplies;

    @Inject
    EntityManager entityManager;

    @Override
    @Transactional
    public Object export(UUID subject) {
        Optional<DataKey> key = keys.find(subject);
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("conversations", Conversation.<Conversation>list("subjectId", Sort.ascending("createdAt", "id"), subject)
                .stream().map(c -> new ConversationExport(Views.ConversationView.of(c),
                        conversations.messagesOf(c).stream().map(Views.MessageView::of).toList(),
                        uploads.of(c.id).stream().map(u -> Views.AttachmentView.of(u, uploads.nameOf(u)))
                                .toList()))
                .toList());
        export.put("answerFeedback", rows("SELECT message_id, helpful, comment, created_at FROM feedback "
                + "WHERE subject_id = ?1 ORDER BY created_at", subject).stream().map(r -> row(
                "messageId", r[0], "helpful", r[1], "comment", comment(key, "feedback:" + r[0], r[2]),
                "at", NativeValues.instant(r[3]))).toList());
        export.put("ratings", rows("SELECT conversation_id, stars, comment, created_at FROM rating "
                + "WHERE subject_id = ?1 ORDER BY created_at", subject).stream().map(r -> row(
                "conversationId", r[0], "stars", r[1], "comment", comment(key, "rating:" + r[0], r[2]),
                "at", NativeValues.instant(r[3]))).toList());
        export.put("emailReplies", Conversation.<Conversation>list("subjectId", subject).stream()
                .flatMap(c -> emailReplies.address(c).stream().map(address -> row("conversationId", c.id, "email",
                        address))).toList());
        export.put("usageAnalytics", rows("SELECT kind, occurred_at FROM usage_event WHERE subject_id = ?1 "
                + "ORDER BY occurred_at", subject).stream().map(r -> row("kind", r[0], "at",
                NativeValues.instant(r[1]))).toList());
        export.put("moderation", rows("SELECT conversation_id, rule, purpose, occurred_at FROM moderation_event "
                + "WHERE subject_id = ?1 ORDER BY occurred_at", subject).stream().map(r -> row("conversationId", r[0],
                "rule", r[1], "purpose", r[2], "at", NativeValues.instant(r[3]))).toList());
        return export;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, UUID subject) {
        return entityManager.createNativeQuery(sql).setParameter(1, subject).getResultList();
    }

    /** Keeps the order of the pairs; a null value is left out. */
    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                row.put((String) pairs[i], pairs[i + 1] instanceof Instant at ? at.toString() : pairs[i + 1]);
            }
        }
        return row;
    }

    private static String comment(Optional<DataKey> key, String belongsTo, Object ciphertext) {
        if (ciphertext == null || key.isEmpty()) {
            return null;
        }
        try {
            return new String(key.get().decrypt((byte[]) ciphertext, belongsTo.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
