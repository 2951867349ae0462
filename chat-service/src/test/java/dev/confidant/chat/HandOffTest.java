package dev.confidant.chat;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A person asks for a human; agents see only such conversations, and every read is logged. Moderation. */
@QuarkusTest
@SuiteInfrastructure
class HandOffTest {

    @Test
    void theQueueListsOnlyConversationsHandedToAHuman() {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String notHandedOff = ConversationTest.open(user, "Which cookies do you use?").then().statusCode(201)
                .extract().path("conversationId");
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().get("/api/agent/conversations/" + notHandedOff).then().statusCode(404);
        String conversation = handedOff(user);
        agent.request().get("/api/agent/conversations").then().statusCode(200).body("id", hasItem(conversation))
                .body("id", not(hasItem(notHandedOff)));
    }

    @Test
    void whileWaitingTheAssistantStaysQuiet() {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = handedOff(user);
        user.request().body(Map.of("text", "Hello? Anyone there?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201)
                .body("answer", nullValue());
    }

    @Test
    void oneAgentTakesAConversationAndOthersCannot() {
        String conversation = handedOff(TestSubject.withRole(Roles.USER));
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200)
                .body("status", equalTo("with-agent")).body("messages", hasSize(2));
        TestSubject otherAgent = TestSubject.withRole(Roles.AGENT);
        otherAgent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(409);
        otherAgent.request().get("/api/agent/conversations/" + conversation).then().statusCode(403);
    }

    @Test
    void theAgentsReplyReachesThePersonAndEveryReadIsLogged() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = handedOff(user);
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200);
        agent.request().body(Map.of("text", "Hi, I'm Sam from support. 42, usually."))
                .post("/api/agent/conversations/" + conversation + "/messages").then().statusCode(201)
                .body("author", equalTo("agent"));
        user.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("conversation.status", equalTo("with-agent"))
                .body("messages[2].author", equalTo("agent")).body("messages[2].text", containsString("Sam from support"));
        agent.request().get("/api/agent/conversations/" + conversation).then().statusCode(200);
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ? "
                + "AND data_subject_id = ? AND purpose = 'answer a conversation handed to a human'", agent.id(), user.id()));
    }

    @Test
    void handedBackTheAssistantAnswersAgainAndTheAgentNoLongerReads() {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = handedOff(user);
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200);
        agent.request().post("/api/agent/conversations/" + conversation + "/release").then().statusCode(200)
                .body("status", equalTo("open"));
        user.request().body(Map.of("text", "Which cookies do you use?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201)
                .body("answer.author", equalTo("assistant"));
        agent.request().get("/api/agent/conversations/" + conversation).then().statusCode(404);
    }

    @Test
    void onlyAgentsReachTheDesk() {
        TestSubject.withRole(Roles.USER).request().get("/api/agent/conversations").then().statusCode(403);
        TestSubject.withRole(Roles.DPO).request().get("/api/agent/conversations").then().statusCode(403);
    }

    /** A conversation the assistant could not answer, handed to a human: two messages, waiting for an agent. */
    private static String handedOff(TestSubject user) {
        String conversation = ConversationTest.open(user, "What is the meaning of life?").then().statusCode(201)
                .body("answer.confident", equalTo(false)).extract().path("conversationId");
        user.request().post("/api/conversations/" + conversation + "/handoff").then().statusCode(200)
                .body("status", equalTo("waiting-for-agent"));
        return conversation;
    }

    @Test
    void aClosedConversationIsReadableOnlyByTheAgentWhoHandledIt() {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = ConversationTest.open(user, "What is the meaning of life?").then().statusCode(201)
                .extract().path("conversationId");
        user.request().post("/api/conversations/" + conversation + "/handoff").then().statusCode(200);
        TestSubject handler = TestSubject.withRole(Roles.AGENT);
        TestSubject otherAgent = TestSubject.withRole(Roles.AGENT);
        otherAgent.request().get("/api/agent/conversations/" + conversation).then().statusCode(200)
                .body("status", equalTo("waiting-for-agent"));
        handler.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200);
        handler.request().post("/api/agent/conversations/" + conversation + "/close").then().statusCode(200);

        handler.request().get("/api/agent/conversations/" + conversation).then().statusCode(200)
                .body("status", equalTo("closed"));
        otherAgent.request().get("/api/agent/conversations/" + conversation).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void prohibitedContentIsStoppedWithAClearMessageAndRecordedWithoutItsText() throws Exception {
        TestSubject visitor = TestSubject.withRole(Roles.VISITOR);
        String conversation = visitor.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        visitor.request().body(Map.of("text", "Where can I buy stolen credit cards?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].message", containsString("prohibited content (stolen-payment-cards)"));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", visitor.id()));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM moderation_event WHERE subject_id = ? "
                + "AND rule = 'stolen-payment-cards' AND purpose = 'abuse.prevent'", visitor.id()));
        visitor.request().body(Map.of("text", "My card was stolen, how do I protect my account?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201);
    }
}
