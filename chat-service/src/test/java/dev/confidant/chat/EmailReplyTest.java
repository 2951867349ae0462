package dev.confidant.chat;

import dev.confidant.platform.events.ConsentChanged;
import dev.confidant.platform.events.ConsentState;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.EmbeddedSmtpResource;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Talk to a human" when nobody can: availability says so, and a person may leave an email address for the reply,
 * only with consent, stored encrypted, mailed each agent reply, and gone when the consent is withdrawn.
 */
@QuarkusTest
@SuiteInfrastructure
class EmailReplyTest {

    @Test
    void nobodyIsAvailableUntilAnAgentIsAtTheDesk() throws Exception {
        ServiceDatabase.execute("DELETE FROM agent_presence");
        given().get("/api/support/availability").then().statusCode(200)
                .body("agentsAvailable", equalTo(false)).body("reason", equalTo("nobody-online"));
        TestSubject.withRole(Roles.AGENT).request().get("/api/agent/conversations").then().statusCode(200);
        given().get("/api/support/availability").then().statusCode(200)
                .body("agentsAvailable", equalTo(true)).body("reason", nullValue());
    }

    @Test
    void aMessageLeftForAnEmailReplyNeedsConsentAndEveryAgentReplyIsMailedWhileItStands() throws Exception {
        TestSubject visitor = TestSubject.withRole(Roles.VISITOR);
        String conversation = ConversationTest.open(visitor, "My parcel has not arrived.").then().statusCode(201)
                .extract().path("conversationId");
        String address = "mei-" + UUID.randomUUID() + "@example.org";
        String path = "/api/conversations/" + conversation + "/email-reply";

        visitor.request().body(Map.of("email", address)).post(path).then().statusCode(409)
                .contentType("application/problem+json");
        visitor.request().body(Map.of("email", "not an address")).post(path).then().statusCode(422);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM email_reply WHERE subject_id = ?", visitor.id()));
        visitor.request().get("/api/conversations/" + conversation).then().body("conversation.status", equalTo("open"));

        consent(visitor.id(), ConsentState.GRANTED);
        visitor.request().body(Map.of("email", address)).post(path).then().statusCode(200)
                .body("status", equalTo("waiting-for-agent"));
        assertFalse(storedEmail(conversation).contains(address), "the address is stored encrypted");

        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        List<Map<String, Object>> queue = agent.request().get("/api/agent/conversations?limit=200").then()
                .statusCode(200).extract().jsonPath().getList("findAll { it.id == '" + conversation + "' }");
        assertEquals(List.of(true), queue.stream().map(w -> w.get("replyByEmail")).toList());
        agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200)
                .body("replyByEmail", equalTo(true));
        agent.request().body(Map.of("text", "Your parcel ships tomorrow.")).post("/api/agent/conversations/"
                + conversation + "/messages").then().statusCode(201);
        EmbeddedSmtpResource.ReceivedMail mail = EmbeddedSmtpResource.awaitMessagesTo(address, 1,
                Duration.ofSeconds(20)).get(0);
        assertEquals("Our reply to your message", mail.subject());
        assertTrue(mail.body().contains("Your parcel ships tomorrow."), mail.body());

        io.restassured.RestAssured.given().auth().oauth2(TestTokens.privacyExport("chat-service", visitor.id()))
                .get("/api/privacy/exports/" + visitor.id()).then().statusCode(200)
                .body("data.emailReplies[0].email", equalTo(address));

        consent(visitor.id(), ConsentState.DENIED);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM email_reply WHERE subject_id = ?", visitor.id()) == 0);
        agent.request().body(Map.of("text", "Anything else?")).post("/api/agent/conversations/" + conversation
                + "/messages").then().statusCode(201);
        Awaitility.await("no mail once the consent is withdrawn").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2)).until(() -> EmbeddedSmtpResource.messagesTo(address).size() == 1);
    }

    private static void consent(UUID subject, ConsentState state) throws Exception {
        TopicWriter.send(EventEnvelope.of("consent-service", subject, new ConsentChanged(
                Map.of(Purposes.EMAIL_REPLY, state), "1", UUID.randomUUID(), Instant.now())));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDatabase.count("SELECT count(*) FROM "
                + "consent_projection WHERE subject_id = ? AND purpose = ? AND state = ?", subject,
                Purposes.EMAIL_REPLY, state.name()) == 1);
    }

    private static String storedEmail(String conversation) throws Exception {
        try (Connection db = ServiceDatabase.connect();
             PreparedStatement query = db.prepareStatement("SELECT email FROM email_reply WHERE conversation_id = ?")) {
            query.setObject(1, UUID.fromString(conversation));
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "an address is stored");
                return new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
            }
        }
    }
}
