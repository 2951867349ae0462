package dev.confidant.chat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.chat.domain.MessageAuthor;
import dev.confidant.chat.service.Conversations;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSocket connections of this instance, by conversation, and what they are sent: every stored message
 * once its transaction has committed, the assistant's answer streamed in pieces before it.
 */
@ApplicationScoped
public class LiveConversations {

    private static final Logger LOG = Logger.getLogger(LiveConversations.class);
    private static final int WORDS_PER_PIECE = 4;

    private final Map<UUID, Set<WebSocketConnection>> connections = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper json;

    void join(UUID conversationId, WebSocketConnection connection) {
        connections.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void leave(WebSocketConnection connection) {
        connections.values().forEach(open -> open.remove(connection));
        connections.values().removeIf(Set::isEmpty);
    }

    void onStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) Conversations.MessagesStored stored) {
        Set<WebSocketConnection> open = connections.get(stored.conversationId());
        if (open == null || open.isEmpty()) {
            return;
        }
        List<String> frames = new ArrayList<>();
        for (Conversations.ReadableMessage message : stored.messages()) {
            ConversationResource.MessageView view = ConversationResource.MessageView.of(message);
            if (message.author() == MessageAuthor.ASSISTANT) {
                String[] words = message.text().split("(?<= )");
                for (int i = 0; i < words.length; i += WORDS_PER_PIECE) {
                    String piece = String.join("", Arrays.copyOfRange(words, i, Math.min(words.length,
                            i + WORDS_PER_PIECE)));
                    frames.add(frame(Map.of("type", "answer-delta", "messageId", view.id(), "text", piece)));
                }
            }
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("type", "message");
            frame.put("message", view);
            frames.add(frame(frame));
        }
        for (WebSocketConnection connection : open) {
            // one after the other, so the client sees them in order
            Uni<Void> sending = Uni.createFrom().voidItem();
            for (String frame : frames) {
                sending = sending.chain(() -> connection.sendText(frame));
            }
            sending.subscribe().with(sent -> { }, failure ->
                    LOG.debugf("A live connection could not be sent to: %s", failure.getClass().getSimpleName()));
        }
    }

    String frame(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
