package dev.confidant.chat.service;

import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.Message;
import dev.confidant.chat.domain.MessageAuthor;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Thumbs up or down on an answer, and one to five stars on a conversation (category {@code chat.feedback}); giving
 * either again replaces it. Comments are encrypted under the subject's key.
 */
@ApplicationScoped
public class Feedback {

    static final int MAX_COMMENT = 1000;

    @Inject
    EntityManager entityManager;

    @Inject
    Conversations conversations;

    @Inject
    SubjectKeys keys;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** Records feedback on an answer in one of the subject's conversations; another's message is 404. */
    @Transactional
    public UUID onAnswer(UUID subject, UUID messageId, boolean helpful, String comment) {
        checkComment(comment);
        Message message = Message.<Message>find("id", messageId).firstResultOptional()
                .filter(m -> m.subjectId.equals(subject))
                .orElseThrow(() -> ProblemException.notFound("no such message"));
        if (message.author == MessageAuthor.SUBJECT) {
            throw ProblemException.invalidField("messageId", "feedback is for answers, not for your own messages");
        }
        UUID id = Randomness.uuid();
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<UUID> stored = entityManager.createNativeQuery("INSERT INTO feedback (id, subject_id, conversation_id, "
                        + "message_id, helpful, comment, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                        + "ON CONFLICT (message_id) DO UPDATE SET helpful = EXCLUDED.helpful, comment = EXCLUDED.comment, "
                        + "created_at = EXCLUDED.created_at RETURNING id")
                .setParameter(1, id).setParameter(2, subject).setParameter(3, message.conversationId)
                .setParameter(4, messageId).setParameter(5, helpful)
                .setParameter(6, encrypt(subject, "feedback:" + messageId, comment))
                .setParameter(7, now).getResultList();
        return announce(subject, "feedback/" + stored.get(0), stored.get(0), id, now);
    }

    /** Rates one of the subject's conversations, 1 to 5 stars. */
    @Transactional
    public UUID rate(UUID subject, UUID conversationId, int stars, String comment) {
        if (stars < 1 || stars > 5) {
            throw ProblemException.invalidField("stars", "must be 1 to 5");
        }
        checkComment(comment);
        Conversation conversation = conversations.get(subject, conversationId);
        UUID id = Randomness.uuid();
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<UUID> stored = entityManager.createNativeQuery("INSERT INTO rating (id, subject_id, conversation_id, stars, "
                        + "comment, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (conversation_id) DO UPDATE "
                        + "SET stars = EXCLUDED.stars, comment = EXCLUDED.comment, created_at = EXCLUDED.created_at "
                        + "RETURNING id")
                .setParameter(1, id).setParameter(2, subject).setParameter(3, conversation.id).setParameter(4, stars)
                .setParameter(5, encrypt(subject, "rating:" + conversation.id, comment)).setParameter(6, now).getResultList();
        return announce(subject, "rating/" + stored.get(0), stored.get(0), id, now);
    }

    /** Announced once, when first given; a replacement keeps the row (and its id). */
    private UUID announce(UUID subject, String reference, UUID storedId, UUID newId, Instant at) {
        if (storedId.equals(newId)) {
            outbox.publish(subject, new PersonalDataCreated(DataCategories.CHAT_FEEDBACK, Conversations.STORE,
                    reference, at, null));
        }
        return storedId;
    }

    /** The associated data names what the comment belongs to, which a replacement does not change. */
    private byte[] encrypt(UUID subject, String belongsTo, String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        return keys.keyFor(subject).encrypt(comment.getBytes(StandardCharsets.UTF_8),
                belongsTo.getBytes(StandardCharsets.UTF_8));
    }

    private static void checkComment(String comment) {
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw ProblemException.invalidField("comment", "must be at most " + MAX_COMMENT + " characters");
        }
    }
}
