package dev.confidant.chat;

import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.events.VisitorLinked;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.RefusedRecords;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestEventKeys;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Someone who can write to the broker but holds no service's key: the records they write take no effect here.
 * Each attack is written straight to its topic, unsigned, signed with a key nobody trusts, signed by a service that
 * may not produce it, and as a genuine signature over a changed body; then a genuine record shows the partition
 * still flows.
 */
@QuarkusTest
@SuiteInfrastructure
class ForgedEventsTest {

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void aForgedVisitorLinkedMovesNobodysChats() throws Exception {
        TestSubject victim = TestSubject.withRole(Roles.USER);
        TestSubject attacker = TestSubject.withRole(Roles.USER);
        String conversation = ConversationTest.open(victim, "My order number is 4711").then().statusCode(201)
                .extract().path("conversationId");
        double refusedBefore = RefusedRecords.count("chat-service.accounts");
        EventEnvelope<VisitorLinked> steal = EventEnvelope.of("account-service", attacker.id(),
                new VisitorLinked(victim.id(), Instant.now()));

        TopicWriter.sendUnsigned(steal);
        TopicWriter.sendSignedBy(TestEventKeys.impostor("account-service"), steal);
        TopicWriter.send(EventEnvelope.of("chat-service", attacker.id(), new VisitorLinked(victim.id(), Instant.now())));
        // a genuine account-service signature, replayed over a body that names the victim instead
        EventEnvelope<VisitorLinked> harmless = EventEnvelope.of("account-service", attacker.id(),
                new VisitorLinked(UUID.randomUUID(), Instant.now()));
        byte[] signed = CODEC.encode(harmless);
        byte[] changed = new String(signed, StandardCharsets.UTF_8)
                .replace(harmless.payload().visitorSubjectId().toString(), victim.id().toString())
                .getBytes(StandardCharsets.UTF_8);
        TopicWriter.sendRaw(Topics.ACCOUNTS, attacker.id().toString(), changed,
                TestEventKeys.signer("account-service").sign(Topics.ACCOUNTS, signed));

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> RefusedRecords.count("chat-service.accounts") - refusedBefore >= 4);
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", victim.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", attacker.id()));
        victim.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("messages[0].text", equalTo("My order number is 4711"));
        attacker.request().get("/api/conversations/" + conversation).then().statusCode(404);
    }

    @Test
    void aForgedErasureRequestErasesNothing() throws Exception {
        TestSubject victim = TestSubject.withRole(Roles.USER);
        String conversation = ConversationTest.open(victim, "Please keep this").then().statusCode(201)
                .extract().path("conversationId");
        double refusedBefore = RefusedRecords.count("chat-service.privacy-commands");
        EventEnvelope<ErasureRequested> erase = EventEnvelope.of("retention-service", victim.id(),
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.SUBJECT, Instant.now().plus(30, ChronoUnit.DAYS)));

        TopicWriter.sendUnsigned(erase);
        TopicWriter.sendSignedBy(TestEventKeys.impostor("retention-service"), erase);
        // account-service's own, trusted key: but only retention-service issues privacy commands
        TopicWriter.send(EventEnvelope.of("account-service", victim.id(), new ErasureRequested(UUID.randomUUID(),
                ErasureOrigin.SUBJECT, Instant.now().plus(30, ChronoUnit.DAYS))));

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> RefusedRecords.count("chat-service.privacy-commands") - refusedBefore >= 3);
        victim.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("messages[0].text", equalTo("Please keep this"));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", victim.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM confidant_outbox WHERE event_type = 'ErasureCompleted' "
                + "AND record_key = ?", victim.id().toString()), "no acknowledgement of an erasure that did not happen");
    }
}
