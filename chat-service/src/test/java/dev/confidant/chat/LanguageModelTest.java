package dev.confidant.chat;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import io.quarkus.test.common.WithTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assistant behind a real (local) OpenAI-compatible server: redaction, context, and the fallback. */
@QuarkusTest
@SuiteInfrastructure
@WithTestResource(FakeLanguageModel.class)
class LanguageModelTest {

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void reset() {
        FakeLanguageModel.REQUESTS.clear();
        FakeLanguageModel.AUTHORIZATIONS.clear();
        circuitBreakers.resetAll();
    }

    @AfterEach
    void answerAgain() {
        FakeLanguageModel.behaviour = FakeLanguageModel.Behaviour.ANSWER;
    }

    @Test
    void theModelAnswersFromTheArticlesAndNeverSeesPersonalData() {
        ConversationTest.open(TestSubject.withRole(Roles.USER),
                        "I'm jane@example.org, phone +44 20 7946 0958: how do I delete my data?")
                .then().statusCode(201)
                .body("answer.text", equalTo("Open your account settings and choose Delete account (from the model)."))
                .body("answer.citations[0].slug", equalTo("delete-my-data"))
                .body("answer.confident", equalTo(true));
        assertEquals(1, FakeLanguageModel.REQUESTS.size());
        JsonPath sent = new JsonPath(FakeLanguageModel.REQUESTS.get(0));
        assertEquals("test-model", sent.getString("model"));
        String question = sent.getString("messages[1].content");
        assertEquals("I'm [email], phone [phone]: how do I delete my data?", question);
        assertFalse(FakeLanguageModel.REQUESTS.get(0).contains("jane@example.org"));
        assertFalse(FakeLanguageModel.REQUESTS.get(0).contains("7946"));
        assertTrue(sent.getString("messages[0].content").contains("How do I delete my data?"), "the article as context");
        assertEquals("Bearer test-provider-key", FakeLanguageModel.AUTHORIZATIONS.get(0));
    }

    @Test
    void whenTheProviderFailsTheKnowledgeBaseAnswers() {
        FakeLanguageModel.behaviour = FakeLanguageModel.Behaviour.FAIL;
        ConversationTest.open(TestSubject.withRole(Roles.USER), "How long do you keep my chats?").then().statusCode(201)
                .body("answer.text", containsString("180 days"))
                .body("answer.citations[0].slug", equalTo("chat-retention"));
        assertEquals(2, FakeLanguageModel.REQUESTS.size(), "one retry, then the fallback");
    }

    @Test
    void aProviderThatKeepsFailingIsLeftAloneUntilItRecovers() {
        FakeLanguageModel.behaviour = FakeLanguageModel.Behaviour.FAIL;
        TestSubject user = TestSubject.withRole(Roles.USER);
        for (int i = 0; i < 2; i++) { // two questions, two attempts each: the circuit opens
            ConversationTest.open(user, "How long do you keep my chats?").then().statusCode(201)
                    .body("answer.text", containsString("180 days"));
        }
        int calls = FakeLanguageModel.REQUESTS.size();
        assertEquals(4, calls);
        FakeLanguageModel.behaviour = FakeLanguageModel.Behaviour.SLOW;
        long start = System.nanoTime();
        ConversationTest.open(user, "Which cookies do you use?").then().statusCode(201)
                .body("answer.citations[0].slug", equalTo("cookies"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(calls, FakeLanguageModel.REQUESTS.size(), "the provider is left alone while the circuit is open");
        assertTrue(millis < 1_000, "answered at knowledge-base speed, not after a timeout: " + millis + " ms");

        FakeLanguageModel.behaviour = FakeLanguageModel.Behaviour.ANSWER;
        Awaitility.await("the provider answers again once the circuit lets a trial call through")
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> ConversationTest.open(user, "How do I delete my data?").then().statusCode(201).extract()
                        .path("answer.text").toString().contains("(from the model)"));
    }

    @Test
    void whenTheProviderIsTooSlowTheKnowledgeBaseAnswers() {
        // the first question of a fresh service also waits for the embedding models to load: not what is timed here
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "Which cookies do you use?").then().statusCode(201);
        FakeLanguageModel.REQUESTS.clear();
        FakeLanguageModel.behaviour = FakeLanguageModel.Behaviour.SLOW;
        long start = System.nanoTime();
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "Which cookies do you use?").then().statusCode(201)
                .body("answer.citations[0].slug", equalTo("cookies"))
                .body("answer.text", containsString("cookie banner"));
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertTrue(seconds < 6, "two 1-second timeouts, then the fallback; took " + seconds + " s");
        assertEquals(2, FakeLanguageModel.REQUESTS.size(), "one retry after the first timeout");
    }

    @Test
    void theQuestionIsStoredBeforeTheProviderAnswersSoNoTransactionWaitsForIt() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        CompletableFuture<Response> posted = askASlowProvider(user, conversation);
        // committed and visible to another connection while the provider still answers
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM message WHERE conversation_id = ?::uuid",
                conversation));
        assertFalse(posted.isDone(), "the provider is still answering");

        posted.get(20, TimeUnit.SECONDS).then().statusCode(201)
                .body("answer.citations[0].slug", equalTo("cookies"));
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM message WHERE conversation_id = ?::uuid",
                conversation));
    }

    @Test
    void anAnswerThatArrivesAfterTheConversationWentToAHumanIsNotStored() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = user.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        CompletableFuture<Response> posted = askASlowProvider(user, conversation);

        user.request().post("/api/conversations/" + conversation + "/handoff").then().statusCode(200)
                .body("status", equalTo("waiting-for-agent"));

        posted.get(20, TimeUnit.SECONDS).then().statusCode(201)
                .body("message.text", equalTo("Which cookies do you use?"))
                .body("answer", nullValue()).body("offerHuman", equalTo(false));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM message WHERE conversation_id = ?::uuid "
                + "AND author = 'ASSISTANT'", conversation), "the assistant does not speak over a human");
    }

    /** Posts a question the slow provider is asked about; returns once the provider has it, the answer pending. */
    private static CompletableFuture<Response> askASlowProvider(TestSubject user, String conversation) {
        FakeLanguageModel.behaviour = FakeLanguageModel.Behaviour.SLOW;
        CompletableFuture<Response> posted = CompletableFuture.supplyAsync(() -> user.request()
                .body(Map.of("text", "Which cookies do you use?")).post("/api/conversations/" + conversation + "/messages"));
        Awaitility.await("the provider is asked").atMost(Duration.ofSeconds(5))
                .until(() -> !FakeLanguageModel.REQUESTS.isEmpty());
        return posted;
    }
}
