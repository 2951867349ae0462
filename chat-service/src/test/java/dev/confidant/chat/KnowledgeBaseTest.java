package dev.confidant.chat;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Staff keep the articles; the assistant answers from what they wrote, at once. */
@QuarkusTest
@SuiteInfrastructure
class KnowledgeBaseTest {

    @Test
    void theSeededArticlesCoverThePrivacyPolicy() {
        given().get("/api/articles").then().statusCode(200).body("slug", hasItems("delete-my-data", "cookies",
                "chat-retention", "withdraw-consent", "childrens-data", "contact-us"));
    }

    @Test
    void anAgentWritesAnArticleAndTheAssistantCitesIt() {
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().body(Map.of("title", "Do you ship parcels to Antarctica?", "body",
                "Yes: parcels to Antarctic research stations leave every second Tuesday by icebreaker."))
                .put("/api/articles/antarctic-shipping").then().statusCode(201);
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "Can you ship a parcel to Antarctica?")
                .then().statusCode(201).body("answer.citations[0].slug", equalTo("antarctic-shipping"))
                .body("answer.confident", equalTo(true));
        agent.request().body(Map.of("title", "", "body", "x")).put("/api/articles/Bad Slug!").then().statusCode(422);
        TestSubject.withRole(Roles.USER).request().body(Map.of("title", "t", "body", "b"))
                .put("/api/articles/mine").then().statusCode(403);
        agent.request().delete("/api/articles/antarctic-shipping").then().statusCode(204);
        given().get("/api/articles/antarctic-shipping").then().statusCode(404);
    }
}
