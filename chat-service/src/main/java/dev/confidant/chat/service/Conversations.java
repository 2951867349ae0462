package dev.confidant.chat.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.ArticleText;
import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.ConversationStatus;
import dev.confidant.chat.domain.DataKey;
import dev.confidant.chat.domain.Intents;
import dev.confidant.chat.domain.KnowledgeArticle;
import dev.confidant.chat.domain.Message;
import dev.confidant.chat.domain.MessageAuthor;
import dev.confidant.chat.domain.Upload;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.DeletionReason;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.PersonalDataDeleted;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A subject's conversations: open, post (stored encrypted, answered by the assistant), read, close, delete. Every
 * conversation is announced as personal data when it starts and when it is deleted.
 */
@ApplicationScoped
public class Conversations {

    /** The unsure answers in a row after which the assistant offers a person. */
    static final int UNSURE_BEFORE_OFFERING_A_PERSON = 2;

    /** Actions are stored as JSON with the answer that offers them. */
    private static final ObjectMapper ACTIONS = new ObjectMapper();

    /** Where conversations and messages are stored, as the data map names it. */
    public static final String STORE = "chat-db";

    /** A message with its text decrypted, for its owner. */
    public record ReadableMessage(UUID id, MessageAuthor author, String text, List<Assistant.Citation> citations,
                                  Boolean confident, Instant createdAt, Assistant.Action action) {
    }

    /**
     * Fired once per transaction that stores messages, with them in order; observers act once it has committed (the
     * live WebSocket).
     */
    public record MessagesStored(UUID conversationId, List<ReadableMessage> messages) {
    }

    /** The subject's message and the assistant's answer. */
    public record Exchange(UUID conversationId, ReadableMessage message, ReadableMessage answer,
                           boolean offerHuman) {
    }

    @Inject
    SubjectKeys keys;

    @Inject
    Assistant assistant;

    @Inject
    Outbox outbox;

    @Inject
    UsageAnalytics analytics;

    @Inject
    Moderation moderation;

    @Inject
    Uploads uploads;

    @Inject
    jakarta.enterprise.event.Event<MessagesStored> stored;

    @Inject
    ChatConfig config;

    @Inject
    Actions actions;

    @Inject
    Clock clock;

    @Inject
    ClusterSignals signals;

    @Transactional
    public Conversation open(UUID subject) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Conversation conversation = new Conversation();
        conversation.id = Randomness.uuid();
        conversation.subjectId = subject;
        conversation.status = ConversationStatus.OPEN;
        conversation.createdAt = now;
        conversation.lastActivityAt = now;
        conversation.persist();
        outbox.publish(subject, new PersonalDataCreated(DataCategories.CHAT_MESSAGE, STORE, reference(conversation),
                now, now));
        return conversation;
    }

    /** The subject's conversations, most recently active first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Conversation> list(UUID subject, int page, int size) {
        checkPage(page, size);
        return Conversation.find("subjectId", Sort.descending("lastActivityAt", "id"), subject)
                .page(Page.of(page, size)).list();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(UUID subject) {
        return Conversation.count("subjectId", subject);
    }

    /** The conversation, if it is the subject's; another subject's is as absent as one that never existed (404). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Conversation get(UUID subject, UUID id) {
        return Conversation.<Conversation>findByIdOptional(id).filter(c -> c.subjectId.equals(subject))
                .orElseThrow(() -> ProblemException.notFound("no such conversation"));
    }

    /** Messages of one of the subject's conversations, oldest first, decrypted. */
    @Transactional
    public List<ReadableMessage> messages(UUID subject, UUID conversationId, int page, int size) {
        checkPage(page, size);
        Conversation conversation = get(subject, conversationId);
        List<Message> messages = Message.find("conversationId", Sort.ascending("seq"), conversation.id)
                .page(Page.of(page, size)).list();
        return readable(conversation, messages);
    }

    /**
     * Messages of one of the subject's conversations stored after {@code afterMessageId}, oldest first, decrypted: what
     * a reconnecting client missed. An id not in the conversation (or none) gives every message.
     */
    @Transactional
    public List<ReadableMessage> messagesAfter(UUID subject, UUID conversationId, UUID afterMessageId) {
        Conversation conversation = get(subject, conversationId);
        Optional<Message> last = afterMessageId == null ? Optional.empty()
                : Message.<Message>find("id = ?1 and conversationId = ?2", afterMessageId, conversation.id)
                .firstResultOptional();
        return readable(conversation, last.isPresent()
                ? Message.list("conversationId = ?1 and seq > ?2", Sort.ascending("seq"), conversation.id, last.get().seq)
                : Message.list("conversationId", Sort.ascending("seq"), conversation.id));
    }

    /**
     * Some messages of a conversation, oldest first, decrypted: those another replica announced for this replica's
     * live connections, which have already proved they may read the conversation. Ones deleted meanwhile are left out.
     */
    @Transactional
    public List<ReadableMessage> messagesById(UUID conversationId, List<UUID> messageIds) {
        Conversation conversation = Conversation.findById(conversationId);
        if (conversation == null || messageIds.isEmpty()) {
            return List.of();
        }
        return readable(conversation, Message.list("conversationId = ?1 and id in ?2", Sort.ascending("seq"),
                conversation.id, messageIds));
    }

    /** Every message of one of the subject's conversations, oldest first, decrypted (for a transcript). */
    @Transactional
    public List<ReadableMessage> allMessages(UUID subject, UUID conversationId) {
        return messagesOf(get(subject, conversationId));
    }

    /**
     * Stores the subject's message (one transaction, announced at once), asks the assistant with no transaction open
     * and no connection held (a language model may take seconds), then stores its answer (a second transaction). An
     * answer that arrives after the conversation went to a human, or was deleted, is not stored: the assistant never
     * speaks over an agent. A request the assistant recognises (erasure, a copy of the data, withdrawing a consent,
     * cookie choices, a person) comes with the action that does it, for the subject to confirm; the second unsure
     * answer in a row offers a person.
     */
    public Exchange post(UUID subject, UUID conversationId, String text) {
        Asked asked = QuarkusTransaction.requiringNew().call(() -> ask(subject, conversationId, text));
        if (!asked.assistantAnswers()) {
            return new Exchange(conversationId, asked.message(), null, false); // a human answers
        }
        Optional<Intents.Intent> intent = actions.recognise(text);
        String lang = ArticleText.languageOf(text);
        Optional<Assistant.Action> offered = intent.map(i -> actions.of(i, conversationId, lang));
        Assistant.Answer answer = assistant.answer(new Assistant.Question(conversationId, text,
                offered.map(Assistant.Action::label).orElse(null)));
        ReadableMessage answered = QuarkusTransaction.requiringNew()
                .call(() -> storeAnswer(subject, conversationId, answer, intent, offered, lang));
        return new Exchange(conversationId, asked.message(), answered,
                answered != null && answered.action() != null && answered.action().type().equals("handoff"));
    }

    /** The subject's message as stored, and whether the assistant is to answer it. */
    private record Asked(ReadableMessage message, boolean assistantAnswers) {
    }

    /**
     * The subject's message, written with the conversation's activity time in one statement (the hot path of every
     * chat: no entity loaded, no dirty check). The conversation must be the subject's and not closed; when it is not,
     * nothing is written and the reason is told (404, 409).
     */
    private Asked ask(UUID subject, UUID conversationId, String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalidField("text", "must not be blank");
        }
        if (text.length() > config.maxMessageLength()) {
            throw ProblemException.invalidField("text", "must be at most " + config.maxMessageLength() + " characters");
        }
        if (!moderation.allows(text)) { // refused, and recorded against the subject's own open conversation only
            Conversation conversation = notClosed(subject, conversationId);
            moderation.check(subject, conversation.id, text);
        }
        DataKey key = keys.keyFor(subject);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = Randomness.uuid();
        @SuppressWarnings("unchecked")
        List<String> status = Message.getEntityManager().createNativeQuery("WITH c AS (UPDATE conversation "
                        + "SET last_activity_at = ?1 WHERE id = ?2 AND subject_id = ?3 AND status <> 'CLOSED' "
                        + "RETURNING status), m AS (INSERT INTO message (id, conversation_id, subject_id, author, "
                        + "author_id, body, created_at) SELECT ?4, ?2, ?3, ?5, ?3, ?6, ?1 FROM c) SELECT status FROM c")
                .setParameter(1, now).setParameter(2, conversationId).setParameter(3, subject).setParameter(4, id)
                .setParameter(5, MessageAuthor.SUBJECT.name())
                .setParameter(6, key.encrypt(text.getBytes(StandardCharsets.UTF_8), DataKey.associatedData(id)))
                .getResultList();
        if (status.isEmpty()) {
            notClosed(subject, conversationId); // throws: not the subject's (404) or closed (409)
            throw new IllegalStateException("a message was not stored in an open conversation");
        }
        analytics.record(subject, "message-sent");
        ReadableMessage asked = new ReadableMessage(id, MessageAuthor.SUBJECT, text, List.of(), null, now, null);
        stored.fire(new MessagesStored(conversationId, List.of(asked)));
        return new Asked(asked, ConversationStatus.valueOf(status.get(0)) == ConversationStatus.OPEN);
    }

    /** The subject's conversation if it is not closed: 404 when it is not the subject's, 409 when closed. */
    private Conversation notClosed(UUID subject, UUID conversationId) {
        Conversation conversation = get(subject, conversationId);
        if (conversation.status == ConversationStatus.CLOSED) {
            throw ProblemException.conflict("the conversation is closed; open a new one");
        }
        return conversation;
    }

    /**
     * Stores the assistant's answer, unless the conversation is no longer the assistant's to answer, with the action
     * it offers: the one the subject asked for ({@code offered}, made for {@code intent}), or a person after the
     * second unsure answer in a row.
     */
    private ReadableMessage storeAnswer(UUID subject, UUID conversationId, Assistant.Answer answer,
                                        Optional<Intents.Intent> intent, Optional<Assistant.Action> offered,
                                        String lang) {
        boolean understood = answer.confident() || intent.isPresent();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        @SuppressWarnings("unchecked")
        List<Number> unsure = Message.getEntityManager().createNativeQuery("UPDATE conversation SET "
                        + "unsure_in_a_row = CASE WHEN ?1 THEN 0 ELSE unsure_in_a_row + 1 END, last_activity_at = ?2 "
                        + "WHERE id = ?3 AND status = 'OPEN' RETURNING unsure_in_a_row")
                .setParameter(1, understood).setParameter(2, now).setParameter(3, conversationId).getResultList();
        if (unsure.isEmpty()) {
            return null; // deleted, closed or with a person meanwhile
        }
        String text = answer.text();
        Assistant.Action action = null;
        if (intent.isPresent()) {
            action = offered.orElseThrow();
            if (!answer.confident()) {
                text = actions.prompt(intent.get(), lang);
            }
        } else if (unsure.get(0).intValue() >= UNSURE_BEFORE_OFFERING_A_PERSON) {
            action = actions.handOff(conversationId, lang);
            text = actions.unsureAgain(lang);
        }
        UUID id = store(conversationId, subject, MessageAuthor.ASSISTANT, null, text, now,
                answer.citations().stream().map(Assistant.Citation::reference).toList(), understood, json(action));
        ReadableMessage answered = new ReadableMessage(id, MessageAuthor.ASSISTANT, text, answer.citations(),
                understood, now, action);
        stored.fire(new MessagesStored(conversationId, List.of(answered)));
        return answered;
    }

    /** The subject asks for a human: the conversation waits for an agent. */
    @Transactional
    public Conversation handOff(UUID subject, UUID conversationId) {
        Conversation conversation = get(subject, conversationId);
        if (conversation.status == ConversationStatus.CLOSED) {
            throw ProblemException.conflict("the conversation is closed; open a new one");
        }
        if (conversation.status == ConversationStatus.OPEN) {
            conversation.status = ConversationStatus.WAITING_FOR_AGENT;
            conversation.handedOffAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            conversation.lastActivityAt = conversation.handedOffAt;
            conversation.takenAt = null;
            conversation.firstResponseAt = null;
            atTheDesk(conversation);
        }
        return conversation;
    }

    /** An agent's reply in a conversation the agent has taken. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ReadableMessage reply(Conversation conversation, UUID agent, String text) {
        if (text == null || text.isBlank() || text.length() > config.maxMessageLength()) {
            throw ProblemException.invalidField("text", "must be 1 to " + config.maxMessageLength() + " characters");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = store(conversation.id, conversation.subjectId, MessageAuthor.AGENT, agent, text, now, List.of(), null,
                null);
        conversation.lastActivityAt = now;
        ReadableMessage replied = new ReadableMessage(id, MessageAuthor.AGENT, text, List.of(), null, now, null);
        stored.fire(new MessagesStored(conversation.id, List.of(replied)));
        return replied;
    }

    /** Every message of a conversation, decrypted, for an agent who may read it (the caller checks and logs). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ReadableMessage> messagesOf(Conversation conversation) {
        return readable(conversation, Message.list("conversationId", Sort.ascending("seq"), conversation.id));
    }

    @Transactional
    public Conversation close(UUID subject, UUID conversationId) {
        Conversation conversation = get(subject, conversationId);
        if (conversation.status != ConversationStatus.CLOSED) {
            atTheDesk(conversation);
            conversation.status = ConversationStatus.CLOSED;
            conversation.closedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            conversation.lastActivityAt = conversation.closedAt;
        }
        return conversation;
    }

    /** When the conversation is in the agents' queue or held by an agent, they hear that it changes. */
    private void atTheDesk(Conversation conversation) {
        if (conversation.status == ConversationStatus.WAITING_FOR_AGENT
                || conversation.status == ConversationStatus.WITH_AGENT) {
            signals.send(AgentDesk.QUEUE_CHANGED, conversation.id.toString());
        }
    }

    /** Deletes the conversation with its messages, feedback and files at once, at the subject's request. */
    @Transactional
    public void delete(UUID subject, UUID conversationId) {
        Conversation conversation = get(subject, conversationId);
        atTheDesk(conversation);
        List<Upload> files = Upload.list("conversationId", conversation.id);
        Upload.delete("conversationId", conversation.id);
        uploads.deleteFilesAfterCommit(files);
        Instant now = clock.instant();
        for (Upload file : files) {
            outbox.publish(subject, new PersonalDataDeleted(DataCategories.CHAT_UPLOAD, uploads.storeName(),
                    "upload/" + file.id, now, DeletionReason.SUBJECT_ACTION));
        }
        @SuppressWarnings("unchecked")
        List<String> feedback = Message.getEntityManager().createNativeQuery("SELECT 'feedback/' || id FROM feedback "
                + "WHERE conversation_id = ?1 UNION ALL SELECT 'rating/' || id FROM rating WHERE conversation_id = ?1")
                .setParameter(1, conversation.id).getResultList();
        for (String reference : feedback) {
            outbox.publish(subject, new PersonalDataDeleted(DataCategories.CHAT_FEEDBACK, STORE, reference, now,
                    DeletionReason.SUBJECT_ACTION));
        }
        Message.delete("conversationId", conversation.id);
        Message.getEntityManager().createNativeQuery("DELETE FROM agent_viewing WHERE conversation_id = ?1")
                .setParameter(1, conversation.id).executeUpdate();
        Conversation.deleteById(conversation.id);
        outbox.publish(conversation.subjectId, new PersonalDataDeleted(DataCategories.CHAT_MESSAGE, STORE,
                reference(conversation), clock.instant(), DeletionReason.SUBJECT_ACTION));
    }

    private static String json(Assistant.Action action) {
        try {
            return action == null ? null : ACTIONS.writeValueAsString(action);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an action cannot be written", e);
        }
    }

    private static Assistant.Action action(String stored) {
        try {
            return stored == null ? null : ACTIONS.readValue(stored, Assistant.Action.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored action cannot be read", e);
        }
    }

    static String reference(Conversation conversation) {
        return "conversation/" + conversation.id;
    }

    /** Stores a message encrypted under the subject's key (a plain insert: no entity to load or check). */
    private UUID store(UUID conversationId, UUID subject, MessageAuthor author, UUID authorId, String text,
                       Instant at, List<String> cited, Boolean confident, String action) {
        UUID id = Randomness.uuid();
        Message.getSession().createNativeQuery("INSERT INTO message (id, conversation_id, subject_id, author, "
                        + "author_id, body, cited, confident, action, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                .setParameter(1, id).setParameter(2, conversationId).setParameter(3, subject)
                .setParameter(4, author.name()).setParameter(5, authorId, UUID.class)
                .setParameter(6, keys.keyFor(subject).encrypt(text.getBytes(StandardCharsets.UTF_8),
                        DataKey.associatedData(id)))
                .setParameter(7, cited.toArray(String[]::new), String[].class)
                .setParameter(8, confident, Boolean.class).setParameter(9, action, String.class)
                .setParameter(10, at).executeUpdate();
        return id;
    }

    /** The messages decrypted with the conversation's subject key, their citations resolved. */
    private List<ReadableMessage> readable(Conversation conversation, List<Message> messages) {
        Optional<DataKey> key = keys.find(conversation.subjectId);
        Map<String, String> titles = titlesCitedBy(messages);
        return messages.stream().map(m -> readable(m, key, titles)).toList();
    }

    private static ReadableMessage readable(Message message, Optional<DataKey> key, Map<String, String> titles) {
        String text;
        try {
            text = new String(key.orElseThrow(() -> new IllegalStateException("the subject's key is gone"))
                    .decrypt(message.body, DataKey.associatedData(message.id)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a message cannot be decrypted", e);
        }
        List<Assistant.Citation> citations = new ArrayList<>();
        for (String reference : message.cited) {
            Assistant.Citation cited = cited(reference);
            citations.add(new Assistant.Citation(cited.slug(), cited.lang(),
                    titles.getOrDefault(cited.reference(), cited.slug())));
        }
        return new ReadableMessage(message.id, message.author, text, citations, message.confident, message.createdAt,
                action(message.action));
    }

    /** A stored citation, {@code lang:slug} (messages written before articles had languages hold the English slug). */
    private static Assistant.Citation cited(String reference) {
        int colon = reference.indexOf(':');
        return colon < 0 ? new Assistant.Citation(reference, "en", reference)
                : new Assistant.Citation(reference.substring(colon + 1), reference.substring(0, colon), null);
    }

    /** The current titles of the articles the messages cite, by {@code lang:slug}. */
    private static Map<String, String> titlesCitedBy(List<Message> messages) {
        List<String> slugs = messages.stream().flatMap(m -> m.cited.stream()).map(r -> cited(r).slug()).distinct()
                .toList();
        if (slugs.isEmpty()) {
            return Map.of();
        }
        return KnowledgeArticle.<KnowledgeArticle>list("slug in ?1", slugs).stream()
                .collect(Collectors.toMap(a -> a.lang + ":" + a.slug, a -> a.title));
    }

    private void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > config.maxPageSize()) {
            throw ProblemException.badRequest("page must be 0 or more and size between 1 and " + config.maxPageSize());
        }
    }
}
