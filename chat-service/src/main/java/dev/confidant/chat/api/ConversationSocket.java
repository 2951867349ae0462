package dev.confidant.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.service.Conversations;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.RevokedSubjects;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.RateLimiter;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A conversation in real time: {@code /ws/conversations/{id}?access_token=…} (browsers cannot set headers on a
 * WebSocket; an {@code Authorization: Bearer} header works too). The owner receives every new message, the
 * assistant's answer streamed in pieces, and agents' replies; a frame {@code {"text": "…"}} sends a message like the
 * REST API. A missing or invalid token, or someone else's conversation, closes the connection with 1008.
 */
@WebSocket(path = "/ws/conversations/{id}")
public class ConversationSocket {

    static final int POLICY_VIOLATION = 1008;

    /** Who is on each open connection, and which conversation it follows. */
    private record Follower(UUID subject, UUID conversationId) {
    }

    private static final Map<String, Follower> FOLLOWERS = new ConcurrentHashMap<>();

    @Inject
    JWTParser jwt;

    @Inject
    RevokedSubjects revokedSubjects;

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

    @OnOpen
    public void open(WebSocketConnection connection) {
        Optional<UUID> subject = authenticate(connection);
        UUID conversationId;
        try {
            conversationId = UUID.fromString(connection.pathParam("id"));
            if (subject.isEmpty()) {
                refuse(connection, "a valid access token is required");
                return;
            }
            conversations.get(subject.get(), conversationId);
        } catch (IllegalArgumentException | ProblemException e) {
            refuse(connection, "no such conversation");
            return;
        }
        FOLLOWERS.put(connection.id(), new Follower(subject.get(), conversationId));
        live.join(conversationId, connection);
    }

    @OnTextMessage
    public String message(WebSocketConnection connection, String frame) {
        Follower follower = FOLLOWERS.get(connection.id());
        if (follower == null) {
            return live.frame(Map.of("type", "error", "detail", "not authenticated"));
        }
        try {
            JsonNode text = json.readTree(frame).path("text");
            if (!text.isTextual()) {
                return live.frame(Map.of("type", "error", "detail", "send {\"text\": \"…\"}"));
            }
            rateLimiter.acquire("chat-messages-subject", follower.subject().toString(), config.messagesPerMinute(),
                    Duration.ofMinutes(1));
            conversations.post(follower.subject(), follower.conversationId(), text.asText());
            return null; // the message and the answer arrive as "message" frames once stored
        } catch (ProblemException e) {
            dev.confidant.platform.runtime.problem.Problem problem = e.toProblem(null);
            Map<String, Object> error = new java.util.LinkedHashMap<>();
            error.put("type", "error");
            error.put("status", problem.status());
            error.put("detail", problem.detail());
            if (problem.errors() != null) {
                error.put("errors", problem.errors());
            }
            return live.frame(error);
        } catch (java.io.IOException e) {
            return live.frame(Map.of("type", "error", "detail", "frames are JSON: {\"text\": \"…\"}"));
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        FOLLOWERS.remove(connection.id());
        live.leave(connection);
    }

    private Optional<UUID> authenticate(WebSocketConnection connection) {
        String token = null;
        String authorization = connection.handshakeRequest().header("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")) {
            token = authorization.substring("Bearer ".length()).trim();
        } else {
            String query = connection.handshakeRequest().query();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("access_token=")) {
                        token = URLDecoder.decode(pair.substring("access_token=".length()), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonWebToken verified = jwt.parse(token);
            Set<String> groups = verified.getGroups();
            if (groups == null || !(groups.contains(Roles.USER) || groups.contains(Roles.VISITOR))) {
                return Optional.empty();
            }
            UUID subject = UUID.fromString(verified.getSubject());
            // verified here rather than by the HTTP layer, so the erased-subject check is made here too
            if (revokedSubjects.refuses(subject, verified.getIssuedAtTime())) {
                return Optional.empty();
            }
            return Optional.of(subject);
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static void refuse(WebSocketConnection connection, String reason) {
        connection.close(new CloseReason(POLICY_VIOLATION, reason)).subscribe().with(closed -> { }, failure -> { });
    }
}
