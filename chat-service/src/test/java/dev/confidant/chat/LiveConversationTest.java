package dev.confidant.chat;

import dev.confidant.chat.domain.DataKey;
import dev.confidant.chat.domain.Message;
import dev.confidant.chat.domain.MessageAuthor;
import dev.confidant.chat.service.SubjectKeys;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.testing.ServiceDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.events.TokensRevoked;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket of a conversation: new messages, the answer streamed, agents' replies; owners only. */
@QuarkusTest
@SuiteInfrastructure
class LiveConversationTest {

    /** A real WebSocket client collecting what the server sends. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        /** Connects and authenticates with the first frame, as the widget does; the token stays out of the URL. */
        static Client connect(String conversation, String token) throws Exception {
            return connect(conversation, token, null);
        }

        /** Connects, authenticates, and asks for the messages after {@code after}; waits for "ready". */
        static Client connect(String conversation, String token, String after) throws Exception {
            Client client = open("/ws/conversations/" + conversation);
            if (token != null) {
                String frame = "{\"type\":\"auth\",\"token\":\"" + token + "\""
                        + (after == null ? "" : ",\"after\":\"" + after + "\"") + "}";
                client.socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
                String first = null;
                for (int i = 0; i < 100 && first == null && !client.closed.isDone(); i++) {
                    first = client.frames.poll(100, TimeUnit.MILLISECONDS);
                }
                if (first != null) {
                    assertTrue(first.contains("\"ready\""), "the server answers the first frame with ready: " + first);
                }
            }
            return client;
        }

        static Client open(String pathAndQuery) throws Exception {
            return open(pathAndQuery, null, HttpClient.newHttpClient());
        }

        /** Opens a connection as if from {@code clientAddress} (through the test's trusted proxy), if given. */
        static Client open(String pathAndQuery, String clientAddress, HttpClient http) throws Exception {
            Client client = new Client();
            WebSocket.Builder builder = http.newWebSocketBuilder();
            if (clientAddress != null) {
                builder.header("X-Forwarded-For", clientAddress);
            }
            client.socket = builder.buildAsync(URI.create("ws://localhost:" + RestAssured.port + pathAndQuery), client)
                    .get(10, TimeUnit.SECONDS);
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        JsonPath next() throws InterruptedException {
            String frame = frames.poll(10, TimeUnit.SECONDS);
            assertNotNull(frame, "no frame within 10 s");
            return new JsonPath(frame);
        }

        /** Frames up to and including the next "message" frame from the given author. */
        List<JsonPath> untilMessageFrom(String author) throws InterruptedException {
            List<JsonPath> seen = new ArrayList<>();
            while (true) {
                JsonPath frame = next();
                seen.add(frame);
                if ("message".equals(frame.getString("type")) && author.equals(frame.getString("message.author"))) {
                    return seen;
                }
            }
        }
    }

    @Inject
    SubjectKeys keys;

    @Inject
    Event<ClusterSignals.Resumed> resumed;

    @Test
    void aMessageAnotherReplicaStoredReachesTheConnectionsHere() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client client = Client.connect(conversation, user.token());
        // what replica B does when an agent replies there: one transaction stores the message and signals it
        UUID messageId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Message message = new Message();
            message.id = messageId;
            message.conversationId = UUID.fromString(conversation);
            message.subjectId = user.id();
            message.author = MessageAuthor.AGENT;
            message.authorId = UUID.randomUUID();
            message.body = keys.keyFor(message.subjectId).encrypt("Replied on replica B".getBytes(
                    StandardCharsets.UTF_8), DataKey.associatedData(messageId));
            message.cited = List.of();
            message.createdAt = Instant.now();
            message.persist();
        });
        try (Connection replicaB = ServiceDatabase.connect(); PreparedStatement notify =
                replicaB.prepareStatement("SELECT pg_notify('confidant_signals', ?)")) {
            notify.setString(1, "replica-b live-messages " + conversation + " " + messageId);
            notify.execute();
        }
        JsonPath frame = client.next();
        assertEquals("message", frame.getString("type"));
        assertEquals(messageId.toString(), frame.getString("message.id"));
        assertEquals("agent", frame.getString("message.author"));
        assertEquals("Replied on replica B", frame.getString("message.text"), "read and decrypted here");
    }

    @Test
    void whenSignalsMayHaveBeenMissedClientsAreToldToReconnectAndCatchUp() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client client = Client.connect(conversation, user.token());
        resumed.fire(new ClusterSignals.Resumed());
        assertEquals(1012, client.closed.get(5, TimeUnit.SECONDS), "1012: reconnect");
    }

    @Test
    void theOwnerSeesMessagesAndTheAnswerStreamedAndCanSendOverTheSocket() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client client = Client.connect(conversation, user.token());

        user.request().body(Map.of("text", "How long do you keep my chats?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201);
        JsonPath mine = client.next();
        assertEquals("message", mine.getString("type"));
        assertEquals("How long do you keep my chats?", mine.getString("message.text"));
        List<JsonPath> answer = client.untilMessageFrom("assistant");
        JsonPath complete = answer.get(answer.size() - 1);
        StringBuilder streamed = new StringBuilder();
        answer.subList(0, answer.size() - 1).forEach(delta -> {
            assertEquals("answer-delta", delta.getString("type"));
            streamed.append(delta.getString("text"));
        });
        assertTrue(answer.size() > 2, "the answer came in pieces");
        assertEquals(complete.getString("message.text"), streamed.toString());
        assertEquals("chat-retention", complete.getString("message.citations[0].slug"));

        client.socket.sendText("{\"text\": \"Which cookies do you use?\"}", true).get(5, TimeUnit.SECONDS);
        assertEquals("Which cookies do you use?", client.untilMessageFrom("subject").get(0).getString("message.text"));
        List<JsonPath> second = client.untilMessageFrom("assistant");
        assertEquals("cookies", second.get(second.size() - 1).getString("message.citations[0].slug"));

        client.socket.sendText("{\"text\": \"" + "x".repeat(4001) + "\"}", true).get(5, TimeUnit.SECONDS);
        JsonPath error = client.next();
        assertEquals("error", error.getString("type"));
        assertEquals(422, error.getInt("status"));
    }

    @Test
    void anAgentsReplyReachesTheOwnerLive() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        user.request().post("/api/conversations/" + conversation + "/handoff").then().statusCode(200);
        Client client = Client.connect(conversation, user.token());
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200);
        agent.request().body(Map.of("text", "Hello, this is Ana from support."))
                .post("/api/agent/conversations/" + conversation + "/messages").then().statusCode(201);
        JsonPath reply = client.next();
        assertEquals("agent", reply.getString("message.author"));
        assertEquals("Hello, this is Ana from support.", reply.getString("message.text"));
    }

    @Test
    void nobodyElseCanFollowAConversation() throws Exception {
        TestSubject owner = TestSubject.withRole(Roles.USER);
        String conversation = owner.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        assertEquals(1008, Client.connect(conversation, TestSubject.withRole(Roles.USER).token())
                .closed.get(10, TimeUnit.SECONDS));
        Client silent = Client.connect(conversation, null);
        silent.socket.sendText("{\"text\": \"hello\"}", true);
        assertEquals(1008, silent.closed.get(10, TimeUnit.SECONDS), "the first frame must authenticate");
        assertEquals(1008, Client.connect(conversation, "not-a-token").closed.get(10, TimeUnit.SECONDS));
        assertEquals(1008, Client.connect(conversation, TestSubject.withRole(Roles.AGENT).token())
                .closed.get(10, TimeUnit.SECONDS));
        Client stranger = Client.connect(conversation, TestSubject.withRole(Roles.USER).token());
        stranger.closed.get(10, TimeUnit.SECONDS);
        owner.request().body(Map.of("text", "Which cookies do you use?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201);
        assertTrue(stranger.frames.isEmpty(), "nothing reached a refused connection");
    }

    @Test
    void aConnectionClosesWhenItsTokenIsRevokedOrExpires() throws Exception {
        TestSubject owner = TestSubject.withRole(Roles.USER);
        String conversation = owner.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client client = Client.connect(conversation, owner.token());
        assertTrue(!client.closed.isDone(), "authenticated: connect() saw the ready frame");

        TopicWriter.send(EventEnvelope.of("account-service", owner.id(),
                new TokensRevoked(Instant.now(), null, RevocationReason.LOGOUT_EVERYWHERE)));

        assertEquals(1008, client.closed.get(10, TimeUnit.SECONDS), "closed by the revocation, not by the client");
        owner.request().get("/api/conversations/" + conversation).then().statusCode(401);

        TestSubject shortLived = TestSubject.withRole(Roles.USER);
        String second = shortLived.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Instant now = Instant.now();
        String expiring = TestTokens.sign(TestTokens.claims(shortLived.id(), Roles.USER).issuedAt(now)
                .expiresAt(now.plusSeconds(2)));
        Client ending = Client.connect(second, expiring);
        assertTrue(!ending.closed.isDone());
        assertEquals(1008, ending.closed.get(10, TimeUnit.SECONDS), "closed when the token expired");
    }

    @Test
    void aTokenInTheUrlIsNotAccepted() throws Exception {
        TestSubject owner = TestSubject.withRole(Roles.USER);
        String conversation = owner.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client client = Client.open("/ws/conversations/" + conversation + "?access_token=" + owner.token());
        client.socket.sendText("{\"text\": \"Which cookies do you use?\"}", true);
        assertEquals(1008, client.closed.get(10, TimeUnit.SECONDS));
        assertEquals(0, owner.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .extract().jsonPath().getList("messages").size(), "nothing was posted through it");
    }

    @Test
    void aReconnectingClientGetsEveryMessageItMissedInOrderAndNoneTwice() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        user.request().post("/api/conversations/" + conversation + "/handoff").then().statusCode(200);
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200);
        Client first = Client.connect(conversation, user.token());
        agent.request().body(Map.of("text", "Hello, this is Ana.")).post("/api/agent/conversations/" + conversation
                + "/messages").then().statusCode(201);
        String seen = first.next().getString("message.id");
        first.socket.sendClose(1000, "lid closed").get(5, TimeUnit.SECONDS);
        first.closed.get(10, TimeUnit.SECONDS);

        for (String reply : List.of("Let me check your order.", "It left the warehouse today.", "Anything else?")) {
            agent.request().body(Map.of("text", reply)).post("/api/agent/conversations/" + conversation + "/messages")
                    .then().statusCode(201);
        }
        Client again = Client.connect(conversation, user.token(), seen);
        List<String> caughtUp = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            caughtUp.add(again.next().getString("message.text"));
        }
        assertEquals(List.of("Let me check your order.", "It left the warehouse today.", "Anything else?"), caughtUp);
        agent.request().body(Map.of("text", "Have a nice day.")).post("/api/agent/conversations/" + conversation
                + "/messages").then().statusCode(201);
        assertEquals("Have a nice day.", again.next().getString("message.text"), "then live, with nothing repeated");
        Awaitility.await("no duplicate").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(again.frames::isEmpty);

        Client fresh = Client.connect(conversation, user.token());
        List<String> everything = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            everything.add(fresh.next().getString("message.text"));
        }
        assertEquals("Hello, this is Ana.", everything.get(0), "without 'after', the whole conversation");
        assertEquals("Have a nice day.", everything.get(4));
    }
}
