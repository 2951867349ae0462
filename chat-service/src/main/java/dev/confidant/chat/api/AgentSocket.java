package dev.confidant.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.service.AgentDesk;
import dev.confidant.chat.service.Conversations;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.PathIds;
import dev.confidant.platform.runtime.web.RateLimiter;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agents' desk in real time: {@code /ws/agent}. The first frame authenticates, {@code {"type":"auth",
 * "token":"…"}} with an agent's token (never in the URL), within 10 s. The server then sends
 * {@code {"type":"queue",…}} (the same snapshot as {@code GET /api/agent/queue}: waiting and held conversations, no
 * content) at once and whenever the desk changes on any replica.
 * <p>
 * {@code {"type":"follow","conversationId":"…","after":"<last message id the console has>"}} follows one conversation
 * the agent may read (waiting, or held by them): the server answers {@code ready} and the messages after
 * {@code after}, then every new message live, as the owner's connection gets them; the read is logged in the staff
 * access log. Following another conversation stops following the first; {@code {"type":"unfollow"}} stops. When the
 * agent may no longer read it (another agent took it, the owner closed or erased it) the server sends
 * {@code {"type":"unfollowed","conversationId":"…"}}. While a connection follows a conversation, the snapshot's
 * {@code viewers} names the agent as looking at it, for the others. Replies go through {@code POST
 * /api/agent/conversations/{id}/messages}. The token is checked again every second, as for owners' connections.
 */
@WebSocket(path = "/ws/agent")
public class AgentSocket {

    private static final Logger LOG = Logger.getLogger(AgentSocket.class);
    /** Changes in quick succession are sent as one snapshot. */
    private static final long COALESCE_MILLIS = 100;

    /** An authenticated agent's connection and the conversation it follows, if any. */
    private static final class Agent {
        final UUID id;
        final JsonWebToken token;
        final WebSocketConnection connection;
        volatile UUID following;

        Agent(UUID id, JsonWebToken token, WebSocketConnection connection) {
            this.id = id;
            this.token = token;
            this.connection = connection;
        }
    }

    private static final Map<String, Agent> AGENTS = new ConcurrentHashMap<>();
    private static final Map<String, String> ADDRESSES = new ConcurrentHashMap<>();
    private static final AtomicBoolean REFRESH_PENDING = new AtomicBoolean();

    @Inject
    SocketTokens tokens;

    @Inject
    AgentDesk desk;

    @Inject
    LiveConversations live;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    ChatConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Vertx vertx;

    @OnOpen
    public void open(WebSocketConnection connection) {
        String host = tokens.clientAddress(connection.handshakeRequest());
        ADDRESSES.put(connection.id(), host);
        long fromThere = ADDRESSES.values().stream().filter(host::equals).count();
        if (fromThere > config.socket().connectionsPerAddress()) {
            SocketTokens.refuse(connection, "too many connections from this address");
            return;
        }
        vertx.setTimer(ConversationSocket.AUTH_TIMEOUT.toMillis(), timer -> {
            if (!AGENTS.containsKey(connection.id()) && connection.isOpen()) {
                SocketTokens.refuse(connection, "authenticate with the first frame");
            }
        });
    }

    @OnTextMessage
    public String message(WebSocketConnection connection, String frame) {
        if (!rateLimiter.tryAcquire("chat-agent-socket-frames", connection.id(), config.socket().framesPerMinute(),
                Duration.ofMinutes(1))) {
            SocketTokens.refuse(connection, "too many frames");
            return null;
        }
        JsonNode body;
        try {
            body = json.readTree(frame);
        } catch (IOException e) {
            return live.frame(Map.of("type", "error", "detail", "frames are JSON"));
        }
        String type = body.path("type").asText();
        Agent agent = AGENTS.get(connection.id());
        if (agent == null) {
            Optional<JsonWebToken> verified = "auth".equals(type)
                    ? tokens.verify(body.path("token").asText(null), Set.of(Roles.AGENT)) : Optional.empty();
            if (verified.isEmpty()) {
                SocketTokens.refuse(connection, "authenticate with an agent's token in the first frame");
                return null;
            }
            agent = new Agent(UUID.fromString(verified.get().getSubject()), verified.get(), connection);
            AGENTS.put(connection.id(), agent);
            desk.seen(agent.id);
            return snapshot();
        }
        String ended = tokens.ended(agent.token);
        if (ended != null) {
            SocketTokens.refuse(connection, ended);
            return null;
        }
        switch (type) {
            case "follow" -> {
                return follow(agent, body.path("conversationId").asText(""), body.path("after").asText(""));
            }
            case "unfollow" -> {
                stopFollowing(agent);
                return null;
            }
            default -> {
                return live.frame(Map.of("type", "error", "detail",
                        "frames are {\"type\":\"follow\",\"conversationId\":\"…\"} or {\"type\":\"unfollow\"}"));
            }
        }
    }

    private String follow(Agent agent, String conversation, String after) {
        UUID conversationId = PathIds.parse(conversation);
        UUID afterId = after.isBlank() ? null : PathIds.parse(after);
        if (conversationId == null || (afterId == null && !after.isBlank())) {
            return live.frame(Map.of("type", "error", "status", 404, "detail", "no such handed-off conversation"));
        }
        stopFollowing(agent);
        if (!desk.mayRead(agent.id, conversationId)) {
            return live.frame(Map.of("type", "unfollowed", "conversationId", conversationId));
        }
        // joined before reading what was missed, so nothing stored in between is lost; the catch-up goes first
        live.join(conversationId, agent.connection);
        agent.following = conversationId;
        List<Conversations.ReadableMessage> missed = desk.follow(agent.id, agent.token.getGroups(), conversationId,
                afterId);
        live.ready(conversationId, agent.connection, missed);
        desk.viewing(agent.id, conversationId);
        return null;
    }

    /** The connection follows no conversation any more, and the others no longer see the agent looking at it. */
    private void stopFollowing(Agent agent) {
        UUID was = agent.following;
        agent.following = null;
        live.leave(agent.connection);
        if (was != null) {
            desk.stoppedViewing(agent.id, was);
        }
    }

    @OnError
    public void error(WebSocketConnection connection, Throwable failure) {
        if (!(failure instanceof HttpClosedException) && connection.isOpen()) {
            LOG.warnf("Agent connection closed after an unexpected %s", failure.getClass().getSimpleName());
            SocketTokens.refuse(connection, "unexpected error");
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        Agent agent = AGENTS.remove(connection.id());
        ADDRESSES.remove(connection.id());
        live.leave(connection);
        if (agent != null && agent.following != null) {
            UUID was = agent.following;
            agent.following = null;
            vertx.executeBlocking(() -> {
                desk.stoppedViewing(agent.id, was);
                return null;
            }, false);
        }
    }

    /** The desk changed somewhere: a fresh snapshot for every agent here, and a check of who follows it. */
    void onSignal(@Observes ClusterSignals.Signal signal) {
        if (!signal.kind().equals(AgentDesk.QUEUE_CHANGED) || AGENTS.isEmpty()) {
            return;
        }
        refreshSoon();
        UUID conversationId = PathIds.parse(signal.data());
        if (conversationId == null) {
            return;
        }
        for (Agent agent : AGENTS.values()) {
            if (conversationId.equals(agent.following)) {
                vertx.executeBlocking(() -> {
                    if (!desk.mayRead(agent.id, conversationId) && conversationId.equals(agent.following)) {
                        stopFollowing(agent);
                        agent.connection.sendText(live.frame(Map.of("type", "unfollowed", "conversationId",
                                conversationId))).subscribe().with(sent -> { }, failure -> { });
                    }
                    return null;
                }, false);
            }
        }
    }

    /** Signals may have been missed: a fresh snapshot. */
    void onResumed(@Observes ClusterSignals.Resumed resumed) {
        refreshSoon();
    }

    /**
     * Every 30 s: the agents here stay "online" for the widget, what they look at stays shown to the others, and the
     * snapshot is sent again.
     */
    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void everyHalfMinute() {
        if (AGENTS.isEmpty()) {
            return;
        }
        AGENTS.values().stream().map(agent -> agent.id).distinct().forEach(desk::seen);
        Map<UUID, UUID> following = new HashMap<>();
        AGENTS.values().forEach(agent -> {
            UUID conversation = agent.following;
            if (conversation != null) {
                following.put(agent.id, conversation);
            }
        });
        desk.stillViewing(following);
        refreshSoon();
    }

    private void refreshSoon() {
        if (!REFRESH_PENDING.compareAndSet(false, true)) {
            return;
        }
        vertx.setTimer(COALESCE_MILLIS, timer -> vertx.executeBlocking(() -> {
            REFRESH_PENDING.set(false);
            String frame = snapshot();
            AGENTS.values().forEach(agent -> agent.connection.sendText(frame).subscribe().with(sent -> { },
                    failure -> LOG.debugf("An agent connection could not be sent to: %s",
                            failure.getClass().getSimpleName())));
            return null;
        }, false));
    }

    private String snapshot() {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "queue");
        frame.put("queue", AgentResource.queueView(desk.queue(), config.agents().maxOpen(), Instant.now()));
        return live.frame(frame);
    }

    /** Closes every agent connection whose token has expired or been revoked (1008). */
    static void recheck(SocketTokens tokens) {
        for (Agent agent : AGENTS.values()) {
            String ended = tokens.ended(agent.token);
            if (ended != null && agent.connection.isOpen()) {
                SocketTokens.refuse(agent.connection, ended);
            }
        }
    }
}
