package dev.confidant.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.service.Conversations;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.PathIds;
import dev.confidant.platform.runtime.web.RateLimiter;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A conversation in real time: {@code /ws/conversations/{id}}. The token never travels in the URL: the first frame
 * authenticates, {@code {"type":"auth","token":"…","after":"<last message id the client has>"}}, within
 * {@link #AUTH_TIMEOUT} (non-browser clients may send an {@code Authorization: Bearer} header with the handshake
 * instead). The server answers {@code {"type":"ready"}}, then every message stored after {@code after} (all of them
 * without it), in order and once each, then
 * live frames: every new message, the assistant's answer streamed in pieces, agents' replies. A frame
 * {@code {"text":"…"}} sends a message like the REST API. A missing, invalid, revoked or foreign token closes the
 * connection with 1008, and so does a token that expires or is revoked while the connection is open (checked on every
 * frame and every second, {@link SocketGuard}).
 * <p>
 * Abuse limits (docs/security.md): text messages count towards the same per-subject and per-address budgets as
 * {@code POST /api/conversations/{id}/messages}; every frame, of any kind, towards a per-connection budget (beyond it
 * the connection is closed with 1008); one client address holds at most
 * {@code confidant.chat.socket.connections-per-address} connections (one more is closed with 1008 at once); a frame
 * or message larger than {@code quarkus.websockets-next.server.max-message-size} closes the connection (1009); and a
 * connection from which nothing has come — no frame, no answer to the server's pings — for
 * {@code confidant.chat.socket.idle-timeout} is closed (1001).
 */
@WebSocket(path = "/ws/conversations/{id}")
public class ConversationSocket {

    static final int POLICY_VIOLATION = SocketTokens.POLICY_VIOLATION;
    static final int GOING_AWAY = 1001;
    static final int MESSAGE_TOO_BIG = 1009;
    static final int INTERNAL_ERROR = 1011;
    private static final Logger LOG = Logger.getLogger(ConversationSocket.class);
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);

    /** Who is on each authenticated connection, with the token they proved it with, and which conversation. */
    private record Follower(UUID subject, UUID conversationId, JsonWebToken token, WebSocketConnection connection) {
    }

    private static final Map<String, Follower> FOLLOWERS = new ConcurrentHashMap<>();

    /** Where a connection comes from and when it last sent anything (a frame or a pong). */
    private static final class Peer {
        final String address;
        final WebSocketConnection connection;
        volatile long lastHeardNanos = System.nanoTime();

        Peer(String address, WebSocketConnection connection) {
            this.address = address;
            this.connection = connection;
        }
    }

    private static final Map<String, Peer> PEERS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> OPEN_BY_ADDRESS = new ConcurrentHashMap<>();

    @Inject
    SocketTokens tokens;

    @Inject
    Conversations conversations;

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
        String address = tokens.clientAddress(connection.handshakeRequest());
        PEERS.put(connection.id(), new Peer(address, connection));
        int open = OPEN_BY_ADDRESS.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (open > config.socket().connectionsPerAddress()) {
            refuse(connection, "too many connections from this address");
            return;
        }
        String authorization = connection.handshakeRequest().header("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")) {
            follow(connection, authorization.substring("Bearer ".length()).trim(), null);
            return;
        }
        vertx.setTimer(AUTH_TIMEOUT.toMillis(), timer -> {
            if (!FOLLOWERS.containsKey(connection.id()) && connection.isOpen()) {
                refuse(connection, "authenticate with the first frame");
            }
        });
    }

    @OnPongMessage
    public void pong(WebSocketConnection connection, Buffer data) {
        heard(connection);
    }

    @OnTextMessage
    public String message(WebSocketConnection connection, String frame) {
        Peer peer = heard(connection);
        if (!rateLimiter.tryAcquire("chat-socket-frames", connection.id(), config.socket().framesPerMinute(),
                Duration.ofMinutes(1))) {
            refuse(connection, "too many frames");
            return null;
        }
        JsonNode body;
        try {
            body = json.readTree(frame);
        } catch (IOException e) {
            return live.frame(Map.of("type", "error", "detail", "frames are JSON: {\"text\": \"…\"}"));
        }
        Follower follower = FOLLOWERS.get(connection.id());
        if (follower == null) {
            if ("auth".equals(body.path("type").asText()) && body.path("token").isTextual()) {
                follow(connection, body.path("token").asText(), body.path("after").asText(null));
            } else {
                refuse(connection, "authenticate with the first frame");
            }
            return null;
        }
        // a token may end while the connection is open: checked on every frame, and every second by recheck()
        String ended = tokens.ended(follower.token());
        if (ended != null) {
            refuse(connection, ended);
            return null;
        }
        if (Boolean.TRUE.equals(CallerSubject.restricted(follower.token()))) {
            return live.frame(Map.of("type", "error", "status", 403,
                    "detail", "A parent or guardian must agree to this account first; we have written to them."));
        }
        JsonNode text = body.path("text");
        if (!text.isTextual()) {
            return live.frame(Map.of("type", "error", "detail", "send {\"text\": \"…\"}"));
        }
        try {
            // the same budgets as the REST endpoint, under the same names: a client cannot add one to the other
            rateLimiter.acquire("chat-messages-subject", follower.subject().toString(), config.messagesPerMinute(),
                    Duration.ofMinutes(1));
            rateLimiter.acquire("chat-messages-address", peer == null ? "unknown" : peer.address,
                    config.messagesPerMinutePerAddress(), Duration.ofMinutes(1));
            conversations.post(follower.subject(), follower.conversationId(), text.asText());
            return null; // the message and the answer arrive as "message" frames once stored
        } catch (ProblemException e) {
            Problem problem = e.toProblem(null);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", "error");
            error.put("status", problem.status());
            error.put("detail", problem.detail());
            if (problem.errors() != null) {
                error.put("errors", problem.errors());
            }
            return live.frame(error);
        }
    }

    /**
     * A message over the size limit (Vert.x refuses it while aggregating its frames) closes the connection with 1009;
     * anything else unexpected with 1011. One line in the log, without the frame or a stack trace.
     */
    @OnError
    public void error(WebSocketConnection connection, Throwable failure) {
        if (failure instanceof HttpClosedException || !connection.isOpen()) {
            return; // the client went away: nothing to answer
        }
        boolean tooBig = failure instanceof IllegalStateException && String.valueOf(failure.getMessage())
                .contains("max message size");
        if (!tooBig) {
            LOG.warnf("Live connection closed after an unexpected %s", failure.getClass().getSimpleName());
        }
        connection.close(new CloseReason(tooBig ? MESSAGE_TOO_BIG : INTERNAL_ERROR, tooBig ? "message too big"
                : "unexpected error")).subscribe().with(done -> { }, f -> { });
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        FOLLOWERS.remove(connection.id());
        Peer peer = PEERS.remove(connection.id());
        if (peer != null) {
            OPEN_BY_ADDRESS.computeIfPresent(peer.address, (a, open) -> open.decrementAndGet() <= 0 ? null : open);
        }
        live.leave(connection);
    }

    private static Peer heard(WebSocketConnection connection) {
        Peer peer = PEERS.get(connection.id());
        if (peer != null) {
            peer.lastHeardNanos = System.nanoTime();
        }
        return peer;
    }

    /** Closes every connection from which nothing has come for {@code idleTimeout} (1001). */
    static int closeIdle(Duration idleTimeout) {
        long now = System.nanoTime();
        int closed = 0;
        for (Peer peer : PEERS.values()) {
            if (now - peer.lastHeardNanos > idleTimeout.toNanos() && peer.connection.isOpen()) {
                peer.connection.close(new CloseReason(GOING_AWAY, "idle")).subscribe().with(done -> { }, f -> { });
                closed++;
            }
        }
        return closed;
    }

    /** Checks the token and the conversation; then the connection follows it, from the message after {@code after}. */
    private void follow(WebSocketConnection connection, String token, String after) {
        Optional<JsonWebToken> verified = tokens.verify(token, Set.of(Roles.USER, Roles.VISITOR));
        Optional<UUID> subject = verified.map(t -> UUID.fromString(t.getSubject()));
        UUID conversationId = PathIds.parse(connection.pathParam("id"));
        UUID afterId = after == null || after.isBlank() ? null : PathIds.parse(after);
        try {
            if (conversationId == null || (afterId == null && after != null && !after.isBlank())) {
                throw ProblemException.notFound("no such conversation");
            }
            if (subject.isEmpty()) {
                refuse(connection, "a valid access token is required");
                return;
            }
            conversations.get(subject.get(), conversationId);
        } catch (IllegalArgumentException | ProblemException e) {
            refuse(connection, "no such conversation");
            return;
        }
        FOLLOWERS.put(connection.id(), new Follower(subject.get(), conversationId, verified.get(), connection));
        // joined before reading what was missed, so nothing stored in between is lost; the catch-up goes first
        live.join(conversationId, connection);
        live.ready(conversationId, connection, conversations.messagesAfter(subject.get(), conversationId, afterId));
    }

    /** Closes every connection whose token has expired or been revoked since it authenticated. */
    static void recheck(SocketTokens tokens) {
        for (Follower follower : FOLLOWERS.values()) {
            String ended = tokens.ended(follower.token());
            if (ended != null && follower.connection().isOpen()) {
                refuse(follower.connection(), ended);
            }
        }
    }

    private static void refuse(WebSocketConnection connection, String reason) {
        SocketTokens.refuse(connection, reason);
    }
}
