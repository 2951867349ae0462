package dev.confidant.chat;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.PersonalDataDeleted;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Conversations as a visitor or user has them: the assistant's answers, ownership, limits, deletion. */
@QuarkusTest
@SuiteInfrastructure
class ConversationTest {

    private static final EventCodec CODEC = new EventCodec();

    static Response open(TestSubject subject, String text) {
        return subject.request().body(Map.of("text", text)).post("/api/conversations");
    }

    @Test
    void anAccountAwaitingItsGuardianReadsButPutsNothingIn() throws Exception {
        UUID child = UUID.randomUUID();
        String restricted = TestTokens.sign(TestTokens.claims(child, Roles.USER).claim("restricted", true));

        io.restassured.RestAssured.given().auth().oauth2(restricted).contentType("application/json")
                .body(Map.of("text", "Hello, I am 13")).post("/api/conversations").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("parent or guardian must agree"));
        io.restassured.RestAssured.given().auth().oauth2(restricted).get("/api/conversations").then().statusCode(200);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", child));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", child));
    }

    @Test
    void theAssistantAnswersFromTheKnowledgeBaseCitingItsArticle() throws Exception {
        TestSubject visitor = TestSubject.withRole(Roles.VISITOR);
        String conversation;
        try (TopicReader personalData = TopicReader.fromBeginning(Topics.PERSONAL_DATA)) {
            Response opened = open(visitor, "How can I delete my data?").then().statusCode(201)
                    .header("Location", containsString("/api/conversations/"))
                    .body("message.author", equalTo("subject"))
                    .body("message.text", equalTo("How can I delete my data?"))
                    .body("answer.author", equalTo("assistant"))
                    .body("answer.confident", equalTo(true))
                    .body("answer.citations[0].slug", equalTo("delete-my-data"))
                    .body("answer.text", containsString("erasure certificate"))
                    .body("offerHuman", equalTo(false)).extract().response();
            conversation = opened.path("conversationId");
            personalData.await(r -> visitor.id().toString().equals(r.key())
                    && CODEC.decode(r.value()).payload() instanceof PersonalDataCreated created
                    && created.category().equals(DataCategories.CHAT_MESSAGE)
                    && created.reference().equals("conversation/" + conversation), 1, Duration.ofSeconds(10));
        }
        visitor.request().body(Map.of("text", "How long do you keep my chats?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201)
                .body("answer.citations[0].slug", equalTo("chat-retention"))
                .body("answer.text", containsString("180 days"));
        visitor.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("conversation.status", equalTo("open"))
                .body("messages", hasSize(4))
                .body("messages.author", equalTo(List.of("subject", "assistant", "subject", "assistant")))
                .body("messages[2].text", equalTo("How long do you keep my chats?"))
                .body("messages[3].citations[0].title", equalTo("How long do you keep my chats?"));

        // at rest there is only ciphertext
        try (Connection db = ServiceDatabase.connect();
             PreparedStatement query = db.prepareStatement("SELECT body FROM message WHERE conversation_id = ?")) {
            query.setObject(1, UUID.fromString(conversation));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String stored = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
                    assertFalse(stored.contains("delete my data") || stored.contains("180 days"), "plaintext at rest");
                }
            }
        }
    }

    @Test
    void whenNothingMatchesWellTheAssistantSaysSoAndOffersAPersonTheSecondTimeInARow() {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = open(user, "What is the weather like on Mars tomorrow?").then().statusCode(201)
                .body("answer.confident", equalTo(false))
                .body("answer.citations", nullValue())
                .body("answer.text", containsString("put it another way"))
                .body("answer.action", nullValue())
                .body("offerHuman", equalTo(false)).extract().path("conversationId");
        user.request().body(Map.of("text", "Who will win the football tonight?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201)
                .body("answer.confident", equalTo(false))
                .body("answer.text", containsString("talk to a person"))
                .body("answer.action.type", equalTo("handoff"))
                .body("answer.action.method", equalTo("POST"))
                .body("answer.action.path", equalTo("/api/conversations/" + conversation + "/handoff"))
                .body("offerHuman", equalTo(true));
        // an answer in between starts the count again
        user.request().body(Map.of("text", "How can I delete my data?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201)
                .body("answer.confident", equalTo(true));
        user.request().body(Map.of("text", "What is the capital of Peru?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(201)
                .body("offerHuman", equalTo(false));
        // the offer is kept with the message
        user.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("messages[3].action.type", equalTo("handoff"))
                .body("messages[1].action", nullValue());
    }

    @Test
    void anotherSubjectsConversationDoesNotExistForYou() throws Exception {
        TestSubject owner = TestSubject.withRole(Roles.USER);
        TestSubject other = TestSubject.withRole(Roles.USER);
        String conversation = open(owner, "Which cookies do you use?").then().statusCode(201).extract().path("conversationId");
        other.request().get("/api/conversations/" + conversation).then().statusCode(404)
                .contentType("application/problem+json");
        other.request().body(Map.of("text", "hello")).post("/api/conversations/" + conversation + "/messages")
                .then().statusCode(404);
        other.request().body(Map.of("text", "Where can I buy stolen credit cards?"))
                .post("/api/conversations/" + conversation + "/messages").then().statusCode(404);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM moderation_event WHERE subject_id = ?",
                other.id()), "a refusal is recorded against the subject's own conversation only");
        other.request().post("/api/conversations/" + conversation + "/close").then().statusCode(404);
        other.request().delete("/api/conversations/" + conversation).then().statusCode(404);
        other.request().get("/api/conversations/not-an-id").then().statusCode(404);
        other.request().get("/api/conversations").then().statusCode(200).body("total", equalTo(0));
        owner.request().get("/api/conversations").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].id", equalTo(conversation));
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM message WHERE conversation_id = ?",
                UUID.fromString(conversation)), "nothing was added by the other subject");
        given().get("/api/conversations").then().statusCode(401);
        TestSubject.withRole(Roles.AUDITOR).request().get("/api/conversations").then().statusCode(403);
    }

    @Test
    void badMessagesAreRefusedAndStoreNothing() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        String path = "/api/conversations/" + conversation + "/messages";
        user.request().body(Map.of("text", "x".repeat(4001))).post(path).then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("text"));
        user.request().body(Map.of("text", "   ")).post(path).then().statusCode(422);
        user.request().body("{\"text\": ").post(path).then().statusCode(400);
        user.request().body(Map.of("text", "hi", "colour", "blue")).post(path).then().statusCode(400);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", user.id()));
        user.request().body(Map.of("text", "x".repeat(4000))).post(path).then().statusCode(201);

        user.request().post("/api/conversations/" + conversation + "/close").then().statusCode(200)
                .body("status", equalTo("closed"));
        long before = ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", user.id());
        user.request().body(Map.of("text", "one more thing")).post(path).then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals(before, ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", user.id()),
                "nothing is added to a closed conversation");
    }

    @Test
    void aSubjectSendingTooFastIsToldToWait() {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        for (int i = 0; i < 30; i++) {
            user.request().body(Map.of("text", "cookies " + i)).post("/api/conversations/" + conversation + "/messages")
                    .then().statusCode(201);
        }
        user.request().body(Map.of("text", "cookies again")).post("/api/conversations/" + conversation + "/messages")
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void deletingAConversationRemovesItAtOnceAndSaysSo() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = open(user, "How do I withdraw my consent?").then().statusCode(201)
                .extract().path("conversationId");
        try (TopicReader personalData = TopicReader.fromBeginning(Topics.PERSONAL_DATA)) {
            user.request().delete("/api/conversations/" + conversation).then().statusCode(204);
            personalData.await(r -> user.id().toString().equals(r.key())
                    && CODEC.decode(r.value()).payload() instanceof PersonalDataDeleted deleted
                    && deleted.reference().equals("conversation/" + conversation), 1, Duration.ofSeconds(10));
        }
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", user.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", user.id()));
        user.request().get("/api/conversations/" + conversation).then().statusCode(404);
    }
}
