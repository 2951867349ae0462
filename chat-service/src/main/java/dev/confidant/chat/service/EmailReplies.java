package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.ConversationStatus;
import dev.confidant.chat.domain.DataKey;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.mail.MailDelivery;
import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * When no agent is available, a person may leave their email address for the reply: only with their consent to
 * {@code support.email-reply}, stored encrypted under their key, gone with the conversation. The conversation waits
 * in the agents' queue; each reply an agent writes is also mailed, while the consent stands.
 */
@ApplicationScoped
public class EmailReplies {

    @Inject
    Conversations conversations;

    @Inject
    SubjectKeys keys;

    @Inject
    ConsentProjection consent;

    @Inject
    MailDelivery mail;

    @Inject
    ChatConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    /** Leaves the address for a reply and puts the conversation in the agents' queue. */
    @Transactional
    public Conversation leave(UUID subject, UUID conversationId, String email) {
        Conversation conversation = conversations.get(subject, conversationId);
        if (!consent.allows(subject, Purposes.EMAIL_REPLY)) {
            throw ProblemException.conflict("consent to a reply by email (" + Purposes.EMAIL_REPLY + ") is not "
                    + "recorded; grant it first");
        }
        conversations.handOff(subject, conversationId); // refuses a closed conversation
        byte[] sealed = keys.keyFor(subject).encrypt(email.trim().getBytes(StandardCharsets.UTF_8),
                associatedData(conversation.id));
        entityManager.createNativeQuery("INSERT INTO email_reply (conversation_id, subject_id, email, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (conversation_id) DO UPDATE SET email = excluded.email")
                .setParameter(1, conversation.id).setParameter(2, subject).setParameter(3, sealed)
                .setParameter(4, clock.instant()).executeUpdate();
        return conversation;
    }

    /** Whether the conversation's owner asked for a reply by email (agents see it in the queue). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean requested(UUID conversationId) {
        return !entityManager.createNativeQuery("SELECT 1 FROM email_reply WHERE conversation_id = ?1")
                .setParameter(1, conversationId).getResultList().isEmpty();
    }

    /** Which of these conversations' owners asked for a reply by email (one query for the agents' queue). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> requestedAmong(List<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<UUID> requested = entityManager.createNativeQuery("SELECT conversation_id FROM email_reply "
                + "WHERE conversation_id = ANY (CAST(?1 AS uuid[]))")
                .setParameter(1, conversationIds.stream().map(UUID::toString).toArray(String[]::new)).getResultList();
        return Set.copyOf(requested);
    }

    /** The address left in the conversation, decrypted, for the subject's own export. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> address(Conversation conversation) {
        @SuppressWarnings("unchecked")
        List<byte[]> sealed = entityManager.createNativeQuery("SELECT email FROM email_reply WHERE conversation_id = ?1")
                .setParameter(1, conversation.id).getResultList();
        Optional<DataKey> key = keys.find(conversation.subjectId);
        if (sealed.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(key.get().decrypt(sealed.get(0), associatedData(conversation.id)),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty(); // a destroyed or replaced key: nothing readable is left
        }
    }

    /** An agent replied: the reply is mailed once the transaction commits, if an address was left and consent stands. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replied(Conversation conversation, String text) {
        if (conversation.status == ConversationStatus.CLOSED || !consent.allows(conversation.subjectId, Purposes.EMAIL_REPLY)) {
            return;
        }
        Optional<String> to = address(conversation);
        if (to.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        entityManager.createNativeQuery("UPDATE email_reply SET last_mailed_at = ?2 WHERE conversation_id = ?1")
                .setParameter(1, conversation.id).setParameter(2, now).executeUpdate();
        mail.send(config.support().mailFrom(), to.get(), "Our reply to your message", """
                Hello,

                you left a message in our chat when no one was available. Here is our reply:

                %s

                You receive this mail because you asked us to reply by email. You can withdraw that consent at any
                time in the chat's privacy settings; the address is deleted with the conversation.
                """.formatted(text));
    }

    private static byte[] associatedData(UUID conversationId) {
        return ("email-reply:" + conversationId).getBytes(StandardCharsets.UTF_8);
    }
}
