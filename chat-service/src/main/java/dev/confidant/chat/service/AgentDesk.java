package dev.confidant.chat.service;

import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.ConversationStatus;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What agents do with conversations handed to a human: see the queue, take one, read and reply, hand it back to the
 * assistant, close it. An agent reads a conversation only while it waits for an agent or is taken by them, and a closed
 * one only if they handled it; every read is in the staff access log.
 */
@ApplicationScoped
public class AgentDesk {

    static final String PURPOSE = "answer a conversation handed to a human";

    /** A conversation with its messages, as an agent sees it, and whether its owner asked for a reply by email. */
    public record AgentView(Conversation conversation, List<Conversations.ReadableMessage> messages,
                            boolean replyByEmail) {
    }

    /** A conversation in the queue (no content), and whether its owner asked for a reply by email. */
    public record Waiting(Conversation conversation, boolean replyByEmail) {
    }

    @Inject
    Conversations conversations;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    Clock clock;

    @Inject
    SupportAvailability availability;

    @Inject
    EmailReplies emailReplies;

    /** Conversations waiting for an agent, longest waiting first; no content. The agent counts as online. */
    @Transactional
    public List<Waiting> waiting(UUID agent, int limit) {
        availability.seen(agent);
        List<Conversation> waiting = Conversation.<Conversation>find("status", Sort.ascending("handedOffAt"),
                ConversationStatus.WAITING_FOR_AGENT).page(0, limit).list();
        Set<UUID> byEmail = emailReplies.requestedAmong(waiting.stream().map(c -> c.id).toList());
        return waiting.stream().map(c -> new Waiting(c, byEmail.contains(c.id))).toList();
    }

    @Transactional
    public AgentView take(UUID agent, UUID conversationId) {
        availability.seen(agent);
        Conversation conversation = handedOff(conversationId);
        if (conversation.status != ConversationStatus.WAITING_FOR_AGENT) {
            throw ProblemException.conflict("the conversation is not waiting for an agent");
        }
        conversation.status = ConversationStatus.WITH_AGENT;
        conversation.agentId = agent;
        return read(conversation, "take");
    }

    @Transactional
    public AgentView read(UUID agent, UUID conversationId) {
        availability.seen(agent);
        Conversation conversation = handedOff(conversationId);
        boolean handledByThisAgent = agent.equals(conversation.agentId);
        switch (conversation.status) {
            case WAITING_FOR_AGENT -> {
                // any agent may look before taking it
            }
            case WITH_AGENT -> {
                if (!handledByThisAgent) {
                    throw ProblemException.forbidden("another agent has taken this conversation");
                }
            }
            // closed: only the agent who handled it; anything else is not an agent's to read
            default -> {
                if (conversation.status != ConversationStatus.CLOSED || !handledByThisAgent) {
                    throw ProblemException.notFound("no such handed-off conversation");
                }
            }
        }
        return read(conversation, "read");
    }

    @Transactional
    public Conversations.ReadableMessage reply(UUID agent, UUID conversationId, String text) {
        availability.seen(agent);
        Conversation conversation = taken(agent, conversationId);
        Conversations.ReadableMessage reply = conversations.reply(conversation, agent, text);
        emailReplies.replied(conversation, text);
        return reply;
    }

    /** Hands the conversation back to the assistant. */
    @Transactional
    public Conversation release(UUID agent, UUID conversationId) {
        Conversation conversation = taken(agent, conversationId);
        conversation.status = ConversationStatus.OPEN;
        conversation.agentId = null;
        conversation.handedOffAt = null; // back with the assistant: no longer visible to agents
        return conversation;
    }

    @Transactional
    public Conversation close(UUID agent, UUID conversationId) {
        Conversation conversation = taken(agent, conversationId);
        conversation.status = ConversationStatus.CLOSED;
        conversation.closedAt = clock.instant();
        conversation.lastActivityAt = conversation.closedAt;
        return conversation;
    }

    private AgentView read(Conversation conversation, String action) {
        accessLog.record(conversation.subjectId, "conversation/" + conversation.id + " (" + action + ")", PURPOSE);
        return new AgentView(conversation, conversations.messagesOf(conversation),
                emailReplies.requested(conversation.id));
    }

    /** A conversation handed to a human, or 404: an agent never sees the others. */
    private Conversation handedOff(UUID conversationId) {
        Conversation conversation = Conversation.findById(conversationId);
        if (conversation == null || conversation.handedOffAt == null) {
            throw ProblemException.notFound("no such handed-off conversation");
        }
        return conversation;
    }

    private Conversation taken(UUID agent, UUID conversationId) {
        Conversation conversation = handedOff(conversationId);
        if (conversation.status != ConversationStatus.WITH_AGENT || !agent.equals(conversation.agentId)) {
            throw ProblemException.conflict("take the conversation first");
        }
        return conversation;
    }
}
