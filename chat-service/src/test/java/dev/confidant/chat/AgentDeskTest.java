package dev.confidant.chat;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.Management;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agents' desk as the console uses it: the queue with who holds what, the per-agent limit, waiting and
 * first-response times, suggested answers, saved replies, and the live connection /ws/agent.
 */
@QuarkusTest
@SuiteInfrastructure
class AgentDeskTest {

    @Test
    void theQueueShowsWhoHoldsWhatAndTheTimesThatMakeTheSla() {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = handedOff(user);
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().get("/api/agent/queue").then().statusCode(200)
                .body("waiting.id", hasItem(conversation)).body("held.id", not(hasItem(conversation)))
                .body("maxOpen", equalTo(5));
        agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200)
                .body("agentId", equalTo(agent.id().toString())).body("takenAt", notNullValue());
        TestSubject other = TestSubject.withRole(Roles.AGENT);
        other.request().get("/api/agent/queue").then().statusCode(200)
                .body("waiting.id", not(hasItem(conversation)))
                .body("held.find { it.id == '" + conversation + "' }.agentId", equalTo(agent.id().toString()))
                .body("held.find { it.id == '" + conversation + "' }.firstResponseAt", equalTo(null));
        agent.request().body(Map.of("text", "Hello, this is Ana."))
                .post("/api/agent/conversations/" + conversation + "/messages").then().statusCode(201);
        String firstResponse = other.request().get("/api/agent/queue").then().statusCode(200).extract()
                .path("held.find { it.id == '" + conversation + "' }.firstResponseAt");
        agent.request().body(Map.of("text", "Anything else?"))
                .post("/api/agent/conversations/" + conversation + "/messages").then().statusCode(201);
        agent.request().get("/api/agent/conversations/" + conversation).then().statusCode(200)
                .body("firstResponseAt", equalTo(firstResponse));

        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("confidant_chat_agent_wait_seconds_count"), "waiting time exported");
        assertTrue(metrics.contains("confidant_chat_agent_first_response_seconds_count"), "first response exported");
        user.request().get("/api/agent/queue").then().statusCode(403);
    }

    @Test
    void anAgentHoldsAtMostTheConfiguredNumberOfConversations() throws Exception {
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        for (int i = 0; i < 5; i++) {
            String conversation = handedOff(TestSubject.withRole(Roles.USER));
            agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200);
        }
        String sixth = handedOff(TestSubject.withRole(Roles.USER));
        agent.request().post("/api/agent/conversations/" + sixth + "/take").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("hold 5"));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE id = ?::uuid "
                + "AND status = 'WAITING_FOR_AGENT' AND agent_id IS NULL", sixth), "still waiting, for others");
        TestSubject.withRole(Roles.AGENT).request().post("/api/agent/conversations/" + sixth + "/take").then()
                .statusCode(200);
    }

    @Test
    void suggestedAnswersComeFromTheHelpCentre() {
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().body(Map.of("text", "How do I delete my account?")).post("/api/agent/suggestions").then()
                .statusCode(200).body("size()", equalTo(3)).body("[0].title", notNullValue())
                .body("[0].text", notNullValue()).body("[0].slug", notNullValue());
        agent.request().body(Map.of("text", " ")).post("/api/agent/suggestions").then().statusCode(422)
                .contentType("application/problem+json");
        TestSubject.withRole(Roles.USER).request().body(Map.of("text", "How do I delete my account?"))
                .post("/api/agent/suggestions").then().statusCode(403);
    }

    @Test
    void agentsShareSavedReplies() {
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        String title = "Greeting " + agent.id();
        String id = agent.request().body(Map.of("title", title, "body", "Hello, thanks for waiting."))
                .post("/api/agent/snippets").then().statusCode(201).body("title", equalTo(title))
                .extract().path("id");
        TestSubject other = TestSubject.withRole(Roles.AGENT);
        other.request().get("/api/agent/snippets").then().statusCode(200).body("title", hasItem(title));
        other.request().body(Map.of("title", title.toUpperCase(), "body", "Another"))
                .post("/api/agent/snippets").then().statusCode(409).contentType("application/problem+json");
        other.request().body(Map.of("title", "", "body", "x")).post("/api/agent/snippets").then().statusCode(422)
                .body("errors.field", hasItem("title"));
        other.request().body(Map.of("title", title, "body", "Hello, and thank you for waiting."))
                .put("/api/agent/snippets/" + id).then().statusCode(200)
                .body("body", equalTo("Hello, and thank you for waiting."));
        other.request().delete("/api/agent/snippets/" + id).then().statusCode(204);
        other.request().delete("/api/agent/snippets/" + id).then().statusCode(404);
        agent.request().get("/api/agent/snippets").then().statusCode(200).body("title", not(hasItem(title)));
        TestSubject.withRole(Roles.USER).request().get("/api/agent/snippets").then().statusCode(403);
    }

    @Test
    void theLiveDeskShowsNewConversationsAndFollowsOneWithItsMessages() throws Exception {
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        LiveConversationTest.Client desk = agentDesk(agent.token());
        assertEquals("queue", desk.next().getString("type"));

        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = handedOff(user);
        untilQueue(desk, "waiting.id", conversation);

        desk.socket.sendText("{\"type\":\"follow\",\"conversationId\":\"" + conversation + "\"}", true)
                .get(5, TimeUnit.SECONDS);
        List<JsonPath> caughtUp = until(desk, "message", 2);
        assertEquals(conversation, caughtUp.get(0).getString("conversationId"));
        assertEquals("subject", caughtUp.get(0).getString("message.author"));

        user.request().body(Map.of("text", "Is anyone there?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201);
        JsonPath live = until(desk, "message", 1).get(0);
        assertEquals("Is anyone there?", live.getString("message.text"));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id "
                + "= ? AND data_subject_id = ? AND resource LIKE '%(live)'", agent.id(), user.id()), "read logged");

        // the other agents see who is looking at it
        TestSubject other = TestSubject.withRole(Roles.AGENT);
        other.request().get("/api/agent/queue").then().statusCode(200)
                .body("viewers.'" + conversation + "'", hasItem(agent.id().toString()));

        // another agent takes it: this one may no longer read it, and is told
        other.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200);
        JsonPath unfollowed = until(desk, "unfollowed", 1).get(0);
        assertEquals(conversation, unfollowed.getString("conversationId"));
        untilQueue(desk, "held.id", conversation);
        user.request().body(Map.of("text", "Thanks"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201);
        JsonPath next = nextOrNull(desk);
        assertTrue(next == null || !"message".equals(next.getString("type")), "no message after unfollowing");
        other.request().get("/api/agent/queue").then().statusCode(200)
                .body("viewers.'" + conversation + "'", not(hasItem(agent.id().toString())));
    }

    @Test
    void whoIsLookingGoesWhenTheConsoleStopsFollowing() throws Exception {
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        LiveConversationTest.Client desk = agentDesk(agent.token());
        assertEquals("queue", desk.next().getString("type"));
        String conversation = handedOff(TestSubject.withRole(Roles.USER));
        desk.socket.sendText("{\"type\":\"follow\",\"conversationId\":\"" + conversation + "\"}", true)
                .get(5, TimeUnit.SECONDS);
        untilQueue(desk, "viewers.'" + conversation + "'", agent.id().toString());
        desk.socket.sendText("{\"type\":\"unfollow\"}", true).get(5, TimeUnit.SECONDS);
        TestSubject other = TestSubject.withRole(Roles.AGENT);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                other.request().get("/api/agent/queue").then().statusCode(200)
                        .body("viewers.'" + conversation + "'", org.hamcrest.Matchers.nullValue()));
        // and when the connection closes
        desk.socket.sendText("{\"type\":\"follow\",\"conversationId\":\"" + conversation + "\"}", true)
                .get(5, TimeUnit.SECONDS);
        untilQueue(desk, "viewers.'" + conversation + "'", agent.id().toString());
        desk.socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                other.request().get("/api/agent/queue").then().statusCode(200)
                        .body("viewers.'" + conversation + "'", org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void onlyAgentsConnectToTheLiveDesk() throws Exception {
        assertEquals(1008, agentDesk(TestSubject.withRole(Roles.USER).token()).closed.get(10, TimeUnit.SECONDS));
        assertEquals(1008, agentDesk(TestSubject.withRole(Roles.DPO).token()).closed.get(10, TimeUnit.SECONDS));
        assertEquals(1008, agentDesk("not-a-token").closed.get(10, TimeUnit.SECONDS));
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        LiveConversationTest.Client desk = agentDesk(agent.token());
        assertEquals("queue", desk.next().getString("type"));
        // a conversation never handed off is not an agent's to follow
        String own = TestSubject.withRole(Roles.USER).request().post("/api/conversations").then().statusCode(201)
                .extract().path("id");
        desk.socket.sendText("{\"type\":\"follow\",\"conversationId\":\"" + own + "\"}", true).get(5, TimeUnit.SECONDS);
        assertEquals("unfollowed", until(desk, "unfollowed", 1).get(0).getString("type"));
    }

    private static LiveConversationTest.Client agentDesk(String token) throws Exception {
        LiveConversationTest.Client client = LiveConversationTest.Client.open("/ws/agent");
        client.socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);
        return client;
    }

    /** Reads frames until a queue snapshot whose {@code path} lists the conversation. */
    private static void untilQueue(LiveConversationTest.Client desk, String path, String conversation)
            throws InterruptedException {
        while (true) {
            JsonPath frame = desk.next();
            if ("queue".equals(frame.getString("type"))
                    && frame.getList("queue." + path, String.class).contains(conversation)) {
                return;
            }
        }
    }

    /** The next {@code count} frames of the type, skipping others (queue snapshots, ready). */
    private static List<JsonPath> until(LiveConversationTest.Client desk, String type, int count)
            throws InterruptedException {
        List<JsonPath> found = new ArrayList<>();
        while (found.size() < count) {
            JsonPath frame = desk.next();
            if (type.equals(frame.getString("type"))) {
                found.add(frame);
            }
        }
        return found;
    }

    private static JsonPath nextOrNull(LiveConversationTest.Client desk) throws InterruptedException {
        while (true) {
            String frame = desk.frames.poll(1, TimeUnit.SECONDS);
            if (frame == null) {
                return null;
            }
            JsonPath parsed = new JsonPath(frame);
            if (!"queue".equals(parsed.getString("type"))) {
                return parsed;
            }
        }
    }

    /** A conversation the assistant could not answer, handed to a human. */
    static String handedOff(TestSubject user) {
        String conversation = ConversationTest.open(user, "What is the meaning of life?").then().statusCode(201)
                .extract().path("conversationId");
        user.request().post("/api/conversations/" + conversation + "/handoff").then().statusCode(200)
                .body("status", equalTo("waiting-for-agent"));
        return conversation;
    }
}
