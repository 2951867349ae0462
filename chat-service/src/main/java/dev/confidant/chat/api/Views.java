package dev.confidant.chat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.ConversationStatus;
import dev.confidant.chat.domain.KnowledgeArticle;
import dev.confidant.chat.domain.Snippet;
import dev.confidant.chat.domain.Upload;
import dev.confidant.chat.service.Assistant;
import dev.confidant.chat.service.Conversations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What this service's endpoints answer: every response body, in one place. Request bodies stay with the resource that
 * reads them, as records with Bean Validation.
 */
public final class Views {

    private Views() {
    }

    /**
     * A waiting conversation: no content until an agent takes it. {@code replyByEmail}: its owner left an address
     * because nobody was available, and every reply is also mailed.
     */
    public record Waiting(UUID id, Instant handedOffAt, Instant lastActivityAt, boolean replyByEmail) {
    }

    public record AgentConversation(UUID id, ConversationStatus status, UUID subjectId, Instant handedOffAt,
                                    UUID agentId, Instant takenAt, Instant firstResponseAt, boolean replyByEmail,
                                    List<Views.MessageView> messages, List<AttachmentView> attachments) {
    }

    /** A conversation an agent holds, as the queue shows it to every agent: who, since when; no content. */
    public record Held(UUID id, UUID agentId, Instant handedOffAt, Instant takenAt, Instant firstResponseAt) {
        static Held of(Conversation c) {
            return new Held(c.id, c.agentId, c.handedOffAt, c.takenAt, c.firstResponseAt);
        }
    }

    /**
     * The desk: waiting conversations (longest first), held ones, which agents are looking at which conversation, and
     * how many one agent may hold.
     */
    public record AgentQueue(List<Waiting> waiting, List<Held> held, Map<UUID, List<UUID>> viewers,
                             int maxOpen, Instant at) {
    }

    /** An article the assistant's retrieval found for a question, for an agent to edit and send. */
    public record Suggestion(String slug, String lang, String title, String text, double score, boolean sure) {
    }

    public record SnippetView(UUID id, String title, String body, Instant updatedAt) {
        static SnippetView of(Snippet s) {
            return new SnippetView(s.id, s.title, s.body, s.updatedAt);
        }
    }

    public record ArticleView(String slug, String lang, String title, List<String> tags, String body,
                              Instant updatedAt) {
        static ArticleView of(KnowledgeArticle a) {
            return new ArticleView(a.slug, a.lang, a.title, a.tags, a.body, a.updatedAt);
        }
    }

    /** What an import wrote: {@code lang:slug} of each article created and updated. */
    public record ImportView(int imported, List<String> created, List<String> updated) {
    }

    /** A conversation without its messages. */
    public record ConversationView(UUID id, ConversationStatus status, Instant createdAt, Instant lastActivityAt,
                                   Instant closedAt) {
        static ConversationView of(Conversation c) {
            return new ConversationView(c.id, c.status, c.createdAt, c.lastActivityAt, c.closedAt);
        }
    }

    public record AttachmentView(UUID id, String name, String contentType, long size, Instant createdAt) {
        static AttachmentView of(Upload u, String name) {
            return new AttachmentView(u.id, name, u.contentType, u.size, u.createdAt);
        }
    }

    public record ConversationPage(List<ConversationView> items, int page, int size, long total) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** A message; an assistant answer may offer an action for the subject to confirm. */
    public record MessageView(UUID id, String author, String text, List<Assistant.Citation> citations,
                              Boolean confident, Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL)
                              Assistant.Action action) {
        static MessageView of(Conversations.ReadableMessage m) {
            return new MessageView(m.id(), m.author().code(), m.text(), m.citations().isEmpty() ? null : m.citations(),
                    m.confident(), m.createdAt(), m.action());
        }
    }

    public record ConversationWithMessages(ConversationView conversation, List<MessageView> messages) {
    }

    /** The message and the assistant's answer; no answer while the conversation is with a human. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExchangeView(UUID conversationId, MessageView message, MessageView answer, boolean offerHuman) {
    }

    public record FeedbackRecorded(UUID id) {
    }

    /** Whether it was recorded: only while the subject's consent to usage analytics stands. */
    public record UsageRecorded(boolean recorded) {
    }

    /**
     * The base URLs the widget calls, each chat-service's own when null (one ingress host for every API); the upload
     * limits, so the widget can say "too large" or "wrong type" before sending.
     */
    public record WidgetConfig(String accountUrl, String consentUrl, String retentionUrl, long maxUploadBytes,
                               List<String> uploadTypes) {
    }
}
