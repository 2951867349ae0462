package dev.confidant.chat;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
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

        static Client connect(String conversation, String token) throws Exception {
            Client client = new Client();
            String query = token == null ? "" : "?access_token=" + token;
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://localhost:"
                    + RestAssured.port + "/ws/conversations/" + conversation + query), client).get(10, TimeUnit.SECONDS);
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
        assertEquals(1008, Client.connect(conversation, null).closed.get(10, TimeUnit.SECONDS));
        assertEquals(1008, Client.connect(conversation, "not-a-token").closed.get(10, TimeUnit.SECONDS));
        assertEquals(1008, Client.connect(conversation, TestSubject.withRole(Roles.AGENT).token())
                .closed.get(10, TimeUnit.SECONDS));
        Client stranger = Client.connect(conversation, TestSubject.withRole(Roles.USER).token());
        stranger.closed.get(10, TimeUnit.SECONDS);
        owner.request().body(Map.of("text", "Which cookies do you use?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201);
        assertTrue(stranger.frames.isEmpty(), "nothing reached a refused connection");
    }
}
