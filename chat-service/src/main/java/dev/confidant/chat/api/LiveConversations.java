package dev.confidant.chat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.chat.domain.MessageAuthor;
import dev.confidant.chat.service.Conversations;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The open WebSocket connections of this instance (owners' and agents'), by conversation, and what they are sent: every stored message
 * once its transaction has committed, the assistant's answer streamed in pieces before it. A connection that has
 * just joined first gets what it missed; live frames that arrive meanwhile wait, and a message is never sent twice.
 *
 * <p>Messages stored by another replica (a visitor connected here, the agent's reply posted there) arrive as a
 * {@link ClusterSignals cluster signal} naming the conversation and the message ids once that replica's transaction
 * commits; this replica reads and decrypts them only when one of its connections follows that conversation. When the
 * signals' connection was lost and is back, this replica's live connections are closed (1012) so that their clients
 * reconnect and catch up from the database: nothing missed stays missing.
 */
@ApplicationScoped
public class LiveConversations {

    private static final Logger LOG = Logger.getLogger(LiveConversations.class);
    private static final int WORDS_PER_PIECE = 4;

    /** One connection's outgoing frames, sent one after the other; held back until its catch-up has been sent. */
    private static final class Outgoing {
        final WebSocketConnection connection;
        final List<Frame> held = new ArrayList<>();
        final ArrayDeque<String> queue = new ArrayDeque<>();
        Set<UUID> caughtUp;
        boolean sending;

        Outgoing(WebSocketConnection connection) {
            this.connection = connection;
        }

        synchronized void send(List<Frame> frames) {
            if (caughtUp == null) {
                held.addAll(frames);
                return;
            }
            for (Frame frame : frames) {
                if (frame.messageId == null || !caughtUp.contains(frame.messageId)) { // else sent with the catch-up
                    queue.add(frame.text);
                }
            }
            if (!sending) {
                sending = true;
                pump();
            }
        }

        /** Queues the catch-up first, then the live frames held back meanwhile, without what it already holds. */
        synchronized void catchUp(List<Frame> missed) {
            caughtUp = new HashSet<>();
            for (Frame frame : missed) {
                queue.add(frame.text);
                if (frame.messageId != null) {
                    caughtUp.add(frame.messageId);
                }
            }
            List<Frame> waiting = new ArrayList<>(held);
            held.clear();
            send(waiting);
        }

        private void pump() {
            String next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            connection.sendText(next).subscribe().with(sent -> pump(), failure -> {
                LOG.debugf("A live connection could not be sent to: %s", failure.getClass().getSimpleName());
                synchronized (this) {
                    queue.clear();
                    sending = false;
                }
            });
        }
    }

    /** A frame to send, and the message it belongs to (null when none). */
    private record Frame(UUID messageId, String text) {
    }

    private final Map<UUID, Map<String, Outgoing>> connections = new ConcurrentHashMap<>();

    /** The signal of messages stored: {@code <conversation id> <message id>,<message id>…}. */
    static final String SIGNAL = "live-messages";

    @Inject
    ObjectMapper json;

    @Inject
    ClusterSignals signals;

    @Inject
    Conversations conversations;

    /** The connection follows the conversation; live frames wait until {@link #ready} has sent the catch-up. */
    void join(UUID conversationId, WebSocketConnection connection) {
        connections.computeIfAbsent(conversationId, id -> new ConcurrentHashMap<>())
                .put(connection.id(), new Outgoing(connection));
    }

    /** Sends {@code ready}, then the messages the connection missed, then whatever arrived live meanwhile. */
    void ready(UUID conversationId, WebSocketConnection connection, List<Conversations.ReadableMessage> missed) {
        Map<String, Outgoing> open = connections.get(conversationId);
        Outgoing outgoing = open == null ? null : open.get(connection.id());
        if (outgoing == null) {
            return; // closed meanwhile
        }
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(null, frame(Map.of("type", "ready", "conversationId", conversationId))));
        missed.forEach(message -> frames.add(messageFrame(conversationId, message)));
        outgoing.catchUp(frames);
    }

    void leave(WebSocketConnection connection) {
        connections.values().forEach(open -> open.remove(connection.id()));
        connections.values().removeIf(Map::isEmpty);
    }

    /** In the storing transaction: the other replicas hear of the messages when it commits. */
    void announce(@Observes Conversations.MessagesStored stored) {
        signals.send(SIGNAL, stored.conversationId() + " " + stored.messages().stream()
                .map(message -> message.id().toString()).collect(Collectors.joining(",")));
    }

    void onStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) Conversations.MessagesStored stored) {
        deliver(stored.conversationId(), stored.messages());
    }

    /** Messages another replica stored: read here only when a connection here follows the conversation. */
    void onSignal(@Observes ClusterSignals.Signal signal) {
        if (signal.fromThisReplica() || !signal.kind().equals(SIGNAL)) {
            return;
        }
        String[] parts = signal.data().split(" ");
        UUID conversationId;
        List<UUID> messageIds;
        try {
            conversationId = UUID.fromString(parts[0]);
            messageIds = Arrays.stream(parts[1].split(",")).map(UUID::fromString).toList();
        } catch (RuntimeException e) {
            LOG.warn("A live-messages signal could not be read");
            return;
        }
        Map<String, Outgoing> open = connections.get(conversationId);
        if (open == null || open.isEmpty()) {
            return;
        }
        deliver(conversationId, conversations.messagesById(conversationId, messageIds));
    }

    /** Signals may have been missed: every client here reconnects and catches up from the database. */
    void onResumed(@Observes ClusterSignals.Resumed resumed) {
        for (Map<String, Outgoing> open : connections.values()) {
            for (Outgoing outgoing : open.values()) {
                outgoing.connection.close(new CloseReason(1012, "reconnect to catch up")).subscribe().with(
                        closed -> { }, failure -> LOG.debugf("Closing a live connection: %s",
                                failure.getClass().getSimpleName()));
            }
        }
    }

    private void deliver(UUID conversationId, List<Conversations.ReadableMessage> messages) {
        Map<String, Outgoing> open = connections.get(conversationId);
        if (open == null || open.isEmpty() || messages.isEmpty()) {
            return;
        }
        List<Frame> frames = new ArrayList<>();
        for (Conversations.ReadableMessage message : messages) {
            if (message.author() == MessageAuthor.ASSISTANT) {
                String[] words = message.text().split("(?<= )");
                for (int i = 0; i < words.length; i += WORDS_PER_PIECE) {
                    String piece = String.join("", Arrays.copyOfRange(words, i, Math.min(words.length,
                            i + WORDS_PER_PIECE)));
                    frames.add(new Frame(message.id(), frame(Map.of("type", "answer-delta", "messageId", message.id(),
                            "conversationId", conversationId, "text", piece))));
                }
            }
            frames.add(messageFrame(conversationId, message));
        }
        open.values().forEach(outgoing -> outgoing.send(frames));
    }

    private Frame messageFrame(UUID conversationId, Conversations.ReadableMessage message) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message");
        frame.put("conversationId", conversationId);
        frame.put("message", Views.MessageView.of(message));
        return new Frame(message.id(), frame(frame));
    }

    String frame(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
