package dev.confidant.chat;

import dev.confidant.chat.domain.DataKey;
import dev.confidant.chat.service.SubjectKeys;
import dev.confidant.platform.events.ConsentChanged;
import dev.confidant.platform.events.ConsentState;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.ExpiryCompleted;
import dev.confidant.platform.events.OwnedCategory;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.events.StoreCount;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicReader;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** retention-service's commands, consent-service's events, and what chat-service does with them. */
@QuarkusTest
@SuiteInfrastructure
class ChatErasureTest {

    private static final EventCodec CODEC = new EventCodec();

    @Inject
    SubjectKeys keys;

    @Test
    void erasureDestroysTheKeyAndEveryRowOnceSoASavedCiphertextIsUnreadable() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        grantAnalytics(user.id());
        ConversationTest.open(user, "How do I delete my data?").then().statusCode(201);
        ConversationTest.open(user, "Which cookies do you use?").then().statusCode(201);
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM usage_event WHERE subject_id = ?", user.id()));
        // both wait for an agent, so the erasure also tells the agents' desk that they left the queue
        assertEquals(2, ServiceDatabase.execute("UPDATE conversation SET status = 'WAITING_FOR_AGENT', "
                + "handed_off_at = now() WHERE subject_id = ?", user.id()));

        // what a backup of the message table would hold
        UUID messageId;
        byte[] savedCiphertext;
        try (Connection db = ServiceDatabase.connect();
             PreparedStatement query = db.prepareStatement("SELECT id, body FROM message WHERE subject_id = ? "
                     + "AND author = 'SUBJECT' ORDER BY seq LIMIT 1")) {
            query.setObject(1, user.id());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                messageId = rs.getObject(1, UUID.class);
                savedCiphertext = rs.getBytes(2);
            }
        }
        DataKey before = QuarkusTransaction.requiringNew().call(() -> keys.find(user.id())).orElseThrow();
        assertEquals("How do I delete my data?", new String(before.decrypt(savedCiphertext,
                DataKey.associatedData(messageId)), StandardCharsets.UTF_8));

        EventEnvelope<ErasureRequested> command = EventEnvelope.of("retention-service", user.id(),
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.SUBJECT, Instant.now().plus(30, ChronoUnit.DAYS)));
        EventEnvelope<ErasureRequested> marker = EventEnvelope.of("retention-service", user.id(),
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.DPO, Instant.now().plus(30, ChronoUnit.DAYS)));
        java.util.Set<String> waiting = new java.util.HashSet<>(List.of(ServiceDatabase.text("SELECT string_agg("
                + "CAST(id AS text), ',') FROM conversation WHERE subject_id = ?", user.id()).split(",")));
        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS);
             Connection listener = ServiceDatabase.connect()) {
            listener.createStatement().execute("LISTEN confidant_signals");
            TopicWriter.send(command, command, marker);
            List<ConsumerRecord<String, byte[]>> received = acks.await(r -> user.id().toString().equals(r.key()), 2,
                    Duration.ofSeconds(30));
            ErasureCompleted first = (ErasureCompleted) CODEC.decode(received.get(0).value()).payload();
            ErasureCompleted second = (ErasureCompleted) CODEC.decode(received.get(1).value()).payload();
            assertEquals(command.payload().requestId(), first.requestId());
            assertEquals(marker.payload().requestId(), second.requestId(), "the replay had no second effect");
            Map<String, Long> counts = first.erased().stream().filter(c -> c.store().equals("chat-db"))
                    .collect(Collectors.toMap(StoreCount::category, StoreCount::count));
            assertEquals(1 + 4 + 2, counts.get(DataCategories.CHAT_MESSAGE), "key, 4 messages, 2 conversations");
            assertEquals(2, counts.get(DataCategories.USAGE_ANALYTICS));
            assertTrue(second.erased().stream().allMatch(count -> count.count() == 0));
            java.util.Set<String> leftTheQueue = new java.util.HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!leftTheQueue.containsAll(waiting) && System.nanoTime() < deadline) {
                org.postgresql.PGNotification[] signals = listener.unwrap(org.postgresql.PGConnection.class)
                        .getNotifications(200);
                for (org.postgresql.PGNotification signal : signals == null ? new org.postgresql.PGNotification[0]
                        : signals) {
                    String[] parts = signal.getParameter().split(" ");
                    if (parts.length == 3 && parts[1].equals("agent-queue")) {
                        leftTheQueue.add(parts[2]);
                    }
                }
            }
            assertEquals(waiting, leftTheQueue, "the agents' desk heard that both left the queue");
        }
        for (String table : List.of("message", "conversation", "subject_key", "usage_event", "consent_projection")) {
            assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM " + table + " WHERE subject_id = ?", user.id()),
                    table);
        }
        Optional<DataKey> after = QuarkusTransaction.requiringNew().call(() -> keys.find(user.id()));
        assertTrue(after.isEmpty(), "the key is gone");
        // the subject's earlier token is refused from now on, so it cannot put new data here; a later one works
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> user.request().get("/api/conversations")
                .statusCode() == 401);
        user.request().body(Map.of("text", "Still there?")).post("/api/conversations").then().statusCode(401)
                .contentType("application/problem+json");
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", user.id()));
        long revokedSecond = java.time.Instant.now().getEpochSecond();
        // a token issued in a later second than the revocation is a new sign-in (tokens carry whole-second iat)
        Awaitility.await().atMost(Duration.ofSeconds(2))
                .until(() -> java.time.Instant.now().getEpochSecond() > revokedSecond);
        TestSubject later = new TestSubject(user.id(), dev.confidant.platform.testing.TestTokens.forSubject(user.id(),
                Roles.USER));
        later.request().get("/api/conversations").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
        // the WebSocket checks its token itself: the earlier token is refused there too
        String laterConversation = later.request().post("/api/conversations").then().statusCode(201)
                .extract().path("id");
        assertEquals(1008, LiveConversationTest.Client.connect(laterConversation, user.token()).closed
                .get(10, java.util.concurrent.TimeUnit.SECONDS));
        LiveConversationTest.Client follower = LiveConversationTest.Client.connect(laterConversation, later.token());
        later.request().body(Map.of("text", "Which cookies do you use?"))
                .post("/api/conversations/" + laterConversation + "/messages").then().statusCode(201);
        assertEquals("message", follower.next().getString("type"), "the later token follows its conversation");
        // the erased key was remembered before the erasure: the new message has a new key, stored, that reads it
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM subject_key WHERE subject_id = ?", user.id()),
                "the new message created a new key");
        DataKey renewed = QuarkusTransaction.requiringNew().call(() -> keys.find(user.id())).orElseThrow();
        assertTrue(!java.util.Arrays.equals(before.bytes(), renewed.bytes()), "not the erased key");
        later.request().get("/api/conversations/" + laterConversation).then().statusCode(200)
                .body("messages[0].text", org.hamcrest.Matchers.equalTo("Which cookies do you use?"));
        // a new key (as a new message would create) cannot open the old ciphertext either
        DataKey fresh = DataKey.generate();
        UUID savedId = messageId;
        assertThrows(java.security.GeneralSecurityException.class,
                () -> fresh.decrypt(savedCiphertext, DataKey.associatedData(savedId)));
    }

    @Test
    void usageAnalyticsAreRecordedOnlyWithConsent() throws Exception {
        TestSubject without = TestSubject.withRole(Roles.USER);
        ConversationTest.open(without, "Which cookies do you use?").then().statusCode(201);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM usage_event WHERE subject_id = ?", without.id()));

        TestSubject with = TestSubject.withRole(Roles.USER);
        grantAnalytics(with.id());
        ConversationTest.open(with, "Which cookies do you use?").then().statusCode(201);
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM usage_event WHERE subject_id = ? "
                + "AND kind = 'message-sent'", with.id()));
        String announced = "SELECT count(*) FROM confidant_outbox WHERE event_type = 'PersonalDataCreated' "
                + "AND position(? in convert_from(payload, 'UTF8')) > 0";
        assertEquals(1, ServiceDatabase.count(announced, "usage/" + with.id()),
                "the subject's analytics are announced to the data map with the first event");
        ConversationTest.open(with, "How long do you keep my chats?").then().statusCode(201);
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM usage_event WHERE subject_id = ?", with.id()));
        assertEquals(1, ServiceDatabase.count(announced, "usage/" + with.id()), "and only then");

        // withdrawn: nothing more is recorded
        TopicWriter.send(EventEnvelope.of("consent-service", with.id(), new ConsentChanged(
                Map.of(Purposes.USAGE_ANALYTICS, ConsentState.DENIED), "1", UUID.randomUUID(), Instant.now())));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDatabase.count("SELECT count(*) FROM "
                + "consent_projection WHERE subject_id = ? AND purpose = ? AND state = 'DENIED'", with.id(),
                Purposes.USAGE_ANALYTICS) == 1);
        ConversationTest.open(with, "Which cookies do you use?").then().statusCode(201);
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM usage_event WHERE subject_id = ?", with.id()));
    }

    @Test
    void expiryRemovesConversationsInactiveSinceTheCutoffExceptHeldOnes() throws Exception {
        TestSubject old = TestSubject.withRole(Roles.USER);
        TestSubject held = TestSubject.withRole(Roles.USER);
        TestSubject recent = TestSubject.withRole(Roles.USER);
        for (TestSubject subject : List.of(old, held, recent)) {
            ConversationTest.open(subject, "How long do you keep my chats?").then().statusCode(201);
        }
        for (TestSubject subject : List.of(old, held)) {
            ServiceDatabase.execute("UPDATE conversation SET last_activity_at = now() - interval '200 days' "
                    + "WHERE subject_id = ?", subject.id());
        }
        UUID sweep = UUID.randomUUID();
        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS)) {
            TopicWriter.send(EventEnvelope.of("retention-service", null, new ExpireRecords(sweep,
                    DataCategories.CHAT_MESSAGE, Instant.now().minus(180, ChronoUnit.DAYS), List.of(held.id()))));
            ConsumerRecord<String, byte[]> ack = acks.await(r -> CODEC.decode(r.value()).payload()
                    instanceof ExpiryCompleted done && done.sweepId().equals(sweep), 1, Duration.ofSeconds(30)).get(0);
            assertTrue(((ExpiryCompleted) CODEC.decode(ack.value()).payload()).expired().get(0).count() >= 3,
                    "the old conversation and its two messages at least");
        }
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", old.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", old.id()));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", held.id()));
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", recent.id()));
    }

    @Test
    void onlyConsentingSubjectsConversationsEnterTheImprovementDatasetRedactedAndPseudonymised() throws Exception {
        TestSubject consenting = TestSubject.withRole(Roles.USER);
        TestSubject refusing = TestSubject.withRole(Roles.USER);
        for (TestSubject subject : List.of(consenting, refusing)) {
            TopicWriter.send(EventEnvelope.of("consent-service", subject.id(), new ConsentChanged(Map.of(
                    Purposes.IMPROVE_SERVICE, subject == consenting ? ConsentState.GRANTED : ConsentState.DENIED),
                    "1", UUID.randomUUID(), Instant.now())));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDatabase.count("SELECT count(*) FROM "
                + "consent_projection WHERE subject_id IN (?, ?) AND purpose = ?", consenting.id(), refusing.id(),
                Purposes.IMPROVE_SERVICE) == 2);
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String kept = ConversationTest.open(consenting, "Mail me at kim-" + marker + "@example.org about cookies")
                .then().statusCode(201).extract().path("conversationId");
        ConversationTest.open(refusing, "Refusing " + marker + ": which cookies do you use?").then().statusCode(201);

        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        String export = dpo.request().queryParam("limit", 5000).get("/api/dpo/improvement-dataset").then()
                .statusCode(200).extract().asString();
        assertTrue(export.contains("Mail me at [email] about cookies"), "the consenting subject's, redacted");
        assertTrue(!export.contains("Refusing " + marker), "never the refusing subject's");
        assertTrue(!export.contains(marker + "@example.org") && !export.contains(consenting.id().toString())
                && !export.contains(kept), "no email, subject id or conversation id");
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ? "
                + "AND resource LIKE 'improvement dataset export%'", dpo.id()));
        TestSubject.withRole(Roles.AGENT).request().get("/api/dpo/improvement-dataset").then().statusCode(403);
    }

    @Test
    void theServiceAnnouncesWhatItOwns() {
        try (TopicReader owners = TopicReader.fromBeginning(Topics.DATA_OWNERS)) {
            DataOwnerRegistered registered = (DataOwnerRegistered) CODEC.decode(owners.await(
                    r -> "chat-service".equals(r.key()), 1, Duration.ofSeconds(30)).get(0).value()).payload();
            assertTrue(registered.categories().contains(new OwnedCategory(DataCategories.CHAT_MESSAGE, List.of("chat-db"))));
            assertTrue(registered.categories().contains(new OwnedCategory(DataCategories.USAGE_ANALYTICS, List.of("chat-db"))));
            assertEquals("http://localhost:8080/api/privacy/exports/", registered.exportUrl());
        }
    }

    @Test
    void anAccessRequestExportHoldsConversationsDecryptedWithAttachmentsAndRatings() {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = ConversationTest.open(user, "How do I delete my data?").then().statusCode(201)
                .extract().path("conversationId");
        UploadTest.upload(user, conversation, "receipt.png", UploadTest.png("export"), "image/png").then().statusCode(201);
        user.request().body(Map.of("stars", 5, "comment", "quick and clear"))
                .post("/api/conversations/" + conversation + "/rating").then().statusCode(200);
        TestSubject someoneElse = TestSubject.withRole(Roles.USER);
        ConversationTest.open(someoneElse, "Not in the first export").then().statusCode(201);

        io.restassured.RestAssured.given().auth().oauth2(TestTokens.privacyExport("chat-service", user.id()))
                .get("/api/privacy/exports/" + user.id()).then().statusCode(200)
                .body("owner", org.hamcrest.Matchers.equalTo("chat-service"))
                .body("data.conversations.size()", org.hamcrest.Matchers.equalTo(1))
                .body("data.conversations[0].conversation.id", org.hamcrest.Matchers.equalTo(conversation))
                .body("data.conversations[0].messages[0].text", org.hamcrest.Matchers.equalTo("How do I delete my data?"))
                .body("data.conversations[0].messages[1].author", org.hamcrest.Matchers.equalTo("assistant"))
                .body("data.conversations[0].attachments[0].name", org.hamcrest.Matchers.equalTo("receipt.png"))
                .body("data.ratings[0].stars", org.hamcrest.Matchers.equalTo(5))
                .body("data.ratings[0].comment", org.hamcrest.Matchers.equalTo("quick and clear"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Not in the first export")));
        user.request().get("/api/privacy/exports/" + user.id()).then().statusCode(403);
        // a service token opens one subject's export at one owner: not another subject's, not with another owner's
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.privacyExport("chat-service", user.id()))
                .get("/api/privacy/exports/" + someoneElse.id()).then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.privacyExport("consent-service", user.id()))
                .get("/api/privacy/exports/" + user.id()).then().statusCode(401);
        // the unscoped kind these tokens replaced (suite audience, no subject) opens nothing
        TestSubject.withRole(Roles.PRIVACY_EXPORT).request().get("/api/privacy/exports/" + user.id()).then()
                .statusCode(403);
    }

    private static void grantAnalytics(UUID subject) throws Exception {
        TopicWriter.send(EventEnvelope.of("consent-service", subject, new ConsentChanged(
                Map.of(Purposes.USAGE_ANALYTICS, ConsentState.GRANTED, Purposes.IMPROVE_SERVICE, ConsentState.DENIED),
                "1", UUID.randomUUID(), Instant.now())));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDatabase.count("SELECT count(*) FROM "
                + "consent_projection WHERE subject_id = ? AND purpose = ? AND state = 'GRANTED'", subject,
                Purposes.USAGE_ANALYTICS) == 1);
    }
}
