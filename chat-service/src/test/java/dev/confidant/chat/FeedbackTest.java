package dev.confidant.chat;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Feedback on answers, ratings of conversations, and transcripts. */
@QuarkusTest
@SuiteInfrastructure
class FeedbackTest {

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void feedbackAndRatingsAreKeptOncePerAnswerAndConversationAndAnnounced() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        Response opened = ConversationTest.open(user, "Which cookies do you use?").then().statusCode(201).extract().response();
        String conversation = opened.path("conversationId");
        String answer = opened.path("answer.id");
        try (TopicReader personalData = TopicReader.fromBeginning(Topics.PERSONAL_DATA)) {
            user.request().body(Map.of("helpful", true)).post("/api/messages/" + answer + "/feedback").then().statusCode(200);
            user.request().body(Map.of("helpful", false, "comment", "I wanted to know about my phone +44 20 7946 0958"))
                    .post("/api/messages/" + answer + "/feedback").then().statusCode(200);
            user.request().body(Map.of("stars", 4)).post("/api/conversations/" + conversation + "/rating")
                    .then().statusCode(200);
            personalData.await(r -> user.id().toString().equals(r.key())
                    && CODEC.decode(r.value()).payload() instanceof PersonalDataCreated created
                    && created.category().equals(DataCategories.CHAT_FEEDBACK), 2, Duration.ofSeconds(10));
        }
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM feedback WHERE subject_id = ? AND NOT helpful "
                + "AND comment IS NOT NULL", user.id()), "the second feedback replaced the first");
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM feedback WHERE position('7946' in "
                + "encode(comment, 'escape')) > 0"), "comments are stored encrypted");
        assertEquals(4, ServiceDatabase.count("SELECT stars FROM rating WHERE conversation_id = ?",
                UUID.fromString(conversation)));

        String question = opened.path("message.id");
        user.request().body(Map.of("helpful", true)).post("/api/messages/" + question + "/feedback").then().statusCode(422);
        user.request().body(Map.of("stars", 6)).post("/api/conversations/" + conversation + "/rating").then().statusCode(422);
        user.request().body(Map.of("stars", 3, "comment", "x".repeat(1001)))
                .post("/api/conversations/" + conversation + "/rating").then().statusCode(422);
        user.request().body(Map.of()).post("/api/messages/" + answer + "/feedback").then().statusCode(422);
        TestSubject other = TestSubject.withRole(Roles.USER);
        other.request().body(Map.of("helpful", true)).post("/api/messages/" + answer + "/feedback").then().statusCode(404);
        other.request().body(Map.of("stars", 1)).post("/api/conversations/" + conversation + "/rating").then().statusCode(404);
        assertEquals(4, ServiceDatabase.count("SELECT stars FROM rating WHERE conversation_id = ?",
                UUID.fromString(conversation)), "refused ratings changed nothing");

        // feedback does not outlive its conversation
        user.request().delete("/api/conversations/" + conversation).then().statusCode(204);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM feedback WHERE subject_id = ?", user.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM rating WHERE subject_id = ?", user.id()));
    }

    @Test
    void aSubjectDownloadsATranscriptOfTheirOwnConversation() {
        TestSubject visitor = TestSubject.withRole(Roles.VISITOR);
        String conversation = ConversationTest.open(visitor, "Can children use the service?").then().statusCode(201)
                .extract().path("conversationId");
        visitor.request().queryParam("format", "json").get("/api/conversations/" + conversation + "/transcript")
                .then().statusCode(200).header("Content-Disposition", containsString("attachment"))
                .header("X-Content-Type-Options", "nosniff")
                .body("messages", hasSize(2)).body("messages[0].text", equalTo("Can children use the service?"))
                .body("messages[1].citations[0].slug", equalTo("childrens-data"));
        String text = visitor.request().accept("text/plain").queryParam("format", "text")
                .get("/api/conversations/" + conversation + "/transcript").then().statusCode(200)
                .contentType(containsString("text/plain")).header("X-Content-Type-Options", "nosniff")
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("You: Can children use the service?"), text);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("Assistant: Children under 13"), text);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("source: Can children use the service?"), text);
        TestSubject.withRole(Roles.VISITOR).request().get("/api/conversations/" + conversation + "/transcript")
                .then().statusCode(404).header("X-Content-Type-Options", "nosniff");
        visitor.request().queryParam("format", "pdf").get("/api/conversations/" + conversation + "/transcript")
                .then().statusCode(400);
    }
}
