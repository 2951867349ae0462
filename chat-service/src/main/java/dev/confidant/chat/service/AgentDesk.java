package dev.confidant.chat.service;

import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.ConversationStatus;
import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.Upload;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
                            List<Attachment> attachments, boolean replyByEmail) {
    }

    /** A file of the conversation, with its name decrypted. */
    public record Attachment(Upload upload, String name) {
    }

    /** A conversation in the queue (no content), and whether its owner asked for a reply by email. */
    public record Waiting(Conversation conversation, boolean replyByEmail) {
    }

    /**
     * The desk as every agent sees it, without content: the conversations waiting, longest first, and those agents
     * hold, with who holds them.
     */
    public record Queue(List<Waiting> waiting, List<Conversation> held, Map<UUID, List<UUID>> viewers) {
    }

    /** How long a console's "viewing" lasts without being refreshed (it refreshes every 30 s). */
    static final Duration VIEWING_LASTS = Duration.ofSeconds(90);

    /** The cluster signal that the queue changed, sent in the changing transaction: the conversation's id. */
    public static final String QUEUE_CHANGED = "agent-queue";

    /** How many conversations the queue lists at most, waiting and held each. */
    public static final int QUEUE_LIMIT = 200;

    @Inject
    Conversations conversations;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    Clock clock;

    @Inject
    SupportAvailability availability;

    @Inject
    Uploads uploads;

    @Inject
    KnowledgeBase knowledgeBase;

    @Inject
    EmailReplies emailReplies;

    @Inject
    ClusterSignals signals;

    @Inject
    ChatConfig config;

    @Inject
    MeterRegistry registry;

    private Timer waitTimer;
    private Timer firstResponseTimer;

    @PostConstruct
    void meters() {
        waitTimer = Timer.builder("confidant.chat.agent.wait")
                .description("From a hand-off to an agent taking the conversation").publishPercentileHistogram()
                .register(registry);
        firstResponseTimer = Timer.builder("confidant.chat.agent.first.response")
                .description("From a hand-off to an agent's first reply").publishPercentileHistogram()
                .register(registry);
    }

    /** Conversations waiting for an agent, longest waiting first; no content. The agent counts as online. */
    @Transactional
    public List<Waiting> waiting(UUID agent, int limit) {
        availability.seen(agent);
        List<Conversation> waiting = Conversation.<Conversation>find("status", Sort.ascending("handedOffAt"),
                ConversationStatus.WAITING_FOR_AGENT).page(0, limit).list();
        Set<UUID> byEmail = emailReplies.requestedAmong(waiting.stream().map(c -> c.id).toList());
        return waiting.stream().map(c -> new Waiting(c, byEmail.contains(c.id))).toList();
    }

    /** The agent is at the desk (for the widget's "talk to a human"). */
    public void seen(UUID agent) {
        availability.seen(agent);
    }

    /** The whole desk, for the live queue: waiting and held conversations, without content; not logged. */
    @Transactional
    public Queue queue() {
        List<Conversation> waiting = Conversation.<Conversation>find("status", Sort.ascending("handedOffAt"),
                ConversationStatus.WAITING_FOR_AGENT).page(0, QUEUE_LIMIT).list();
        List<Conversation> held = Conversation.<Conversation>find("status", Sort.ascending("handedOffAt"),
                ConversationStatus.WITH_AGENT).page(0, QUEUE_LIMIT).list();
        Set<UUID> byEmail = emailReplies.requestedAmong(waiting.stream().map(c -> c.id).toList());
        Map<UUID, List<UUID>> viewers = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Conversation.getEntityManager().createNativeQuery("SELECT conversation_id, agent_id "
                + "FROM agent_viewing WHERE seen_at > ?1 ORDER BY seen_at").setParameter(1,
                clock.instant().minus(VIEWING_LASTS)).getResultList();
        for (Object[] row : rows) {
            viewers.computeIfAbsent((UUID) row[0], id -> new ArrayList<>()).add((UUID) row[1]);
        }
        return new Queue(waiting.stream().map(c -> new Waiting(c, byEmail.contains(c.id))).toList(), held, viewers);
    }

    /** The agent's console follows the conversation: the others see that they are looking at it. */
    @Transactional
    public void viewing(UUID agent, UUID conversationId) {
        Conversation.getEntityManager().createNativeQuery("INSERT INTO agent_viewing (conversation_id, agent_id, "
                        + "seen_at) VALUES (?1, ?2, ?3) ON CONFLICT (conversation_id, agent_id) DO UPDATE SET seen_at = "
                        + "excluded.seen_at").setParameter(1, conversationId).setParameter(2, agent)
                .setParameter(3, clock.instant()).executeUpdate();
        signals.send(QUEUE_CHANGED, conversationId.toString());
    }

    /** The agent's console stopped following the conversation (another one, or it went away). */
    @Transactional
    public void stoppedViewing(UUID agent, UUID conversationId) {
        int gone = Conversation.getEntityManager().createNativeQuery("DELETE FROM agent_viewing WHERE "
                + "conversation_id = ?1 AND agent_id = ?2").setParameter(1, conversationId).setParameter(2, agent)
                .executeUpdate();
        if (gone > 0) {
            signals.send(QUEUE_CHANGED, conversationId.toString());
        }
    }

    /** Consoles still following refresh their rows; rows nobody refreshed go. */
    @Transactional
    public void stillViewing(Map<UUID, UUID> conversationByAgent) {
        Instant now = clock.instant();
        conversationByAgent.forEach((agent, conversationId) -> Conversation.getEntityManager().createNativeQuery(
                        "UPDATE agent_viewing SET seen_at = ?3 WHERE conversation_id = ?1 AND agent_id = ?2")
                .setParameter(1, conversationId).setParameter(2, agent).setParameter(3, now).executeUpdate());
        Conversation.getEntityManager().createNativeQuery("DELETE FROM agent_viewing WHERE seen_at <= ?1")
                .setParameter(1, now.minus(VIEWING_LASTS)).executeUpdate();
    }

    /**
     * Takes a waiting conversation. Refused (409) when another agent took it first, or when this agent already holds
     * {@code confidant.chat.agents.max-open} conversations.
     */
    @Transactional
    public AgentView take(UUID agent, UUID conversationId) {
        availability.seen(agent);
        Conversation conversation = handedOff(conversationId);
        if (conversation.status != ConversationStatus.WAITING_FOR_AGENT) {
            throw ProblemException.conflict("the conversation is not waiting for an agent");
        }
        // locked, so that two takes at once do not both pass the limit
        Conversation.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "agent-desk:" + agent).getSingleResult();
        long holding = Conversation.count("status = ?1 and agentId = ?2", ConversationStatus.WITH_AGENT, agent);
        if (holding >= config.agents().maxOpen()) {
            throw ProblemException.conflict("you hold " + holding + " open conversations, the most one agent may; "
                    + "close one or hand it back first");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        conversation.status = ConversationStatus.WITH_AGENT;
        conversation.agentId = agent;
        conversation.takenAt = now;
        waitTimer.record(Duration.between(conversation.handedOffAt, now));
        changed(conversation);
        return read(conversation, "take");
    }

    /**
     * The messages after {@code after} (all without it) of a conversation the agent may read, for their live
     * connection; logged like every read.
     */
    @Transactional
    public List<Conversations.ReadableMessage> follow(UUID agent, Set<String> roles, UUID conversationId,
                                                      UUID after) {
        Conversation conversation = readable(agent, conversationId);
        accessLog.record(agent, roles, conversation.subjectId, "conversation/" + conversation.id + " (live)", PURPOSE);
        List<Conversations.ReadableMessage> messages = conversations.messagesOf(conversation);
        if (after == null) {
            return messages;
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id().equals(after)) {
                return messages.subList(i + 1, messages.size());
            }
        }
        return messages;
    }

    /** Whether the agent may still read the conversation (for live connections to end when not); not logged. */
    @Transactional
    public boolean mayRead(UUID agent, UUID conversationId) {
        try {
            readable(agent, conversationId);
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }

    /** Articles for an agent's answer: the assistant's retrieval for the text, best first. Nothing is stored. */
    public List<KnowledgeBase.Match> suggest(String text, int limit) {
        if (text == null || text.isBlank() || text.length() > config.maxMessageLength()) {
            throw ProblemException.invalidField("text", "must be 1 to " + config.maxMessageLength() + " characters");
        }
        return knowledgeBase.search(text, limit);
    }

    /** The queue changed: every replica's agents hear of it once this transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(Conversation conversation) {
        signals.send(QUEUE_CHANGED, conversation.id.toString());
    }

    @Transactional
    public AgentView read(UUID agent, UUID conversationId) {
        availability.seen(agent);
        return read(readable(agent, conversationId), "read");
    }

    /**
     * A conversation the agent may read: one waiting for an agent, one they hold, or one they closed; another agent's
     * is 403 and anything else 404.
     */
    private Conversation readable(UUID agent, UUID conversationId) {
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
        return conversation;
    }

    @Transactional
    public Conversations.ReadableMessage reply(UUID agent, UUID conversationId, String text) {
        availability.seen(agent);
        Conversation conversation = taken(agent, conversationId);
        Conversations.ReadableMessage reply = conversations.reply(conversation, agent, text);
        emailReplies.replied(conversation, text);
        if (conversation.firstResponseAt == null) {
            conversation.firstResponseAt = reply.createdAt();
            firstResponseTimer.record(Duration.between(conversation.handedOffAt, reply.createdAt()));
            changed(conversation);
        }
        return reply;
    }

    /** Hands the conversation back to the assistant. */
    @Transactional
    public Conversation release(UUID agent, UUID conversationId) {
        Conversation conversation = taken(agent, conversationId);
        conversation.status = ConversationStatus.OPEN;
        conversation.agentId = null;
        conversation.handedOffAt = null; // back with the assistant: no longer visible to agents
        conversation.takenAt = null;
        conversation.firstResponseAt = null;
        changed(conversation);
        return conversation;
    }

    @Transactional
    public Conversation close(UUID agent, UUID conversationId) {
        Conversation conversation = taken(agent, conversationId);
        conversation.status = ConversationStatus.CLOSED;
        conversation.closedAt = clock.instant();
        conversation.lastActivityAt = conversation.closedAt;
        changed(conversation);
        return conversation;
    }

    private AgentView read(Conversation conversation, String action) {
        accessLog.record(conversation.subjectId, "conversation/" + conversation.id + " (" + action + ")", PURPOSE);
        List<Attachment> attachments = uploads.of(conversation.id).stream()
                .sorted(java.util.Comparator.comparing((Upload u) -> u.createdAt))
                .map(u -> new Attachment(u, uploads.nameOf(u))).toList();
        return new AgentView(conversation, conversations.messagesOf(conversation), attachments,
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
