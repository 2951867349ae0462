package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.platform.devstack.DevstackHarness.Ports;
import dev.confidant.platform.devstack.DevstackHarness.Running;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static dev.confidant.platform.devstack.DevstackHarness.HTTP;
import static dev.confidant.platform.devstack.DevstackHarness.PASSWORD;
import static dev.confidant.platform.devstack.DevstackHarness.accessToken;
import static dev.confidant.platform.devstack.DevstackHarness.connect;
import static dev.confidant.platform.devstack.DevstackHarness.get;
import static dev.confidant.platform.devstack.DevstackHarness.login;
import static dev.confidant.platform.devstack.DevstackHarness.registerAndFollowTheMailedLink;
import static dev.confidant.platform.devstack.DevstackHarness.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole packaged suite (its launcher, four services, embedded PostgreSQL and Kafka, the mail catcher) as a person,
 * a DPO and an operator meet it, on the suite the browser journeys used first ({@link DevstackHarness.SharedSuite}: a
 * fresh start today), then restarted on the same data with the clock 200 days ahead. Each test checks one promise,
 * in order, on the running suite:
 * <ol>
 *   <li>everything comes up, from scratch with {@code --fresh};</li>
 *   <li>a logout everywhere is refused by every service within a second;</li>
 *   <li>an access request bundles every owner's export;</li>
 *   <li>after an erasure no database, blob or Kafka record holds the person (except pseudonymous consent evidence and
 *   the proof of erasure), with a signed certificate;</li>
 *   <li>the erased person's tokens are refused, and their receipt still reaches the certificate;</li>
 *   <li>data, keys and encrypted chats survive a restart;</li>
 *   <li>200 days later a sweep expires a conversation and its upload in both stores, and the data map and the
 *   overdue report agree;</li>
 *   <li>deleting an account ends with every owner's acknowledgement and a certificate;</li>
 *   <li>stopping leaves no process and no port behind.</li>
 * </ol>
 * A failure early leaves the later promises unchecked; the first failure is the one to read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(3) // after the browser journeys and the assistant on the shared suite: this class restarts it and stops it
class PrivacyJourneyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPLICAS = DevstackHarness.SharedSuite.REPLICAS;
    private static final java.util.concurrent.atomic.AtomicInteger TURN = new java.util.concurrent.atomic.AtomicInteger();
    private static final List<String> DATABASES = List.of("account", "consent", "chat", "retention");
    private static final String PHONE = "+44 20 7946 0958";

    /**
     * Tables that may still name an erased subject, and why: consent evidence is kept pseudonymously under a legal
     * obligation; the erasure request and its certificate are the proof; the revocation lists keep the subject's old
     * tokens out; the outbox keeps published events (subject ids, never content) until housekeeping.
     */
    private static final Map<String, String> MAY_NAME_THE_SUBJECT = Map.ofEntries(
            Map.entry("consent.ledger_entry", "consent evidence, legal obligation"),
            Map.entry("consent.consent_receipt", "consent evidence, legal obligation"),
            Map.entry("retention.erasure_request", "the proof of erasure"),
            Map.entry("retention.data_item", "the data map's record of the kept consent evidence"),
            Map.entry("account.token_revocation", "refuses the subject's old tokens"),
            Map.entry("account.confidant_revoked_subject", "refuses the subject's old tokens"),
            Map.entry("consent.confidant_revoked_subject", "refuses the subject's old tokens"),
            Map.entry("chat.confidant_revoked_subject", "refuses the subject's old tokens"),
            Map.entry("retention.confidant_revoked_subject", "refuses the subject's old tokens but for reading the "
                    + "request and its certificate"),
            Map.entry("account.confidant_outbox", "published events: ids only"),
            Map.entry("consent.confidant_outbox", "published events: ids only"),
            Map.entry("chat.confidant_outbox", "published events: ids only"),
            Map.entry("retention.confidant_outbox", "published events: ids only"));

    private DevstackHarness.SharedSuite shared;
    private Path dataDir;
    private Ports ports;
    private Running suite;

    /** The journey's person: consents, chats, uploads, asks for a copy and then for erasure. */
    private Person person;
    private String marker;
    /** chat-service's rows of the person just before the erasure, and when they were copied. */
    private Backup chatBackup;
    private java.time.Instant backupTaken;
    private String accessId;
    private JsonNode erasure;
    private JsonNode certificate;

    /** Who stays: their data must survive the restart, and they delete their account at the end. */
    private Person keeper;
    private String keeperReceiptKey;
    private String keeperConversation;

    /** Who chats and uploads today, for the sweep 200 days later. */
    private Person sweepPerson;
    private String sweepConversation;

    @BeforeAll
    void joinTheSharedSuite() throws Exception {
        shared = DevstackHarness.SharedSuite.get();
        dataDir = shared.dataDir;
        ports = shared.ports;
        suite = shared.running;
    }

    @AfterAll
    void stopLeftovers() throws InterruptedException {
        shared.devstack.stopLeftovers();
    }

    @Test
    @Order(10)
    void everyServiceComesUpFromScratch() throws Exception {
        assertFalse(Files.exists(dataDir.resolve("left-from-before")), "--fresh starts from an empty data directory");
        List<Integer> instances = new ArrayList<>();
        for (int port : new int[]{ports.account(), ports.consent(), ports.chat(), ports.retention()}) {
            for (int k = 0; k < REPLICAS; k++) {
                instances.add(port + k * DevstackOptions.REPLICA_PORT_STEP);
            }
        }
        for (int port : instances) {
            HttpResponse<String> health = get("http://127.0.0.1:" + DevstackHarness.Ports.management(port) + "/q/health");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\": \"UP\"") || health.body().contains("\"status\":\"UP\""));
            assertEquals(404, get("http://127.0.0.1:" + port + "/q/health").statusCode(), "not on the public port");
            assertEquals(200, get("http://127.0.0.1:" + DevstackHarness.Ports.management(port) + "/q/swagger-ui/")
                    .statusCode(), "Swagger UI is on the management port, in the packaged service too");
        }
        assertTrue(suite.output().contains("jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/chat"), suite::output);
        assertTrue(suite.output().contains(ports.kafka()), suite::output);
        // the bootstrap admin is mailed a link, sets a password with it and makes itself a DPO
        assertTrue(shared.staffToken().length() > 0);
    }

    @Test
    @Order(20)
    void aLogoutEverywhereIsRefusedByEveryServiceWithinASecond() throws Exception {
        Person someone = Person.register(suite, ports, "Dev");
        List<String> urls = new ArrayList<>();
        for (int k = 0; k < REPLICAS; k++) { // every instance of every service
            urls.addAll(List.of(account(ports, "/api/accounts/me"), consent(ports, "/api/consents/me"),
                    chat(ports, "/api/conversations"), retention(ports, "/api/data-map/me")));
        }
        for (String url : urls) {
            assertEquals(200, send("GET", url, someone.token, null).statusCode(), url);
        }
        HttpResponse<String> logout = send("POST", account(ports, "/api/auth/logout"), someone.token,
                "{\"everywhere\":true}");
        assertEquals(204, logout.statusCode(), logout.body());
        long loggedOut = System.nanoTime();
        List<String> waiting = new ArrayList<>(urls);
        long[] slowest = {0};
        Awaitility.await("every service refusing the revoked token").atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                    for (java.util.Iterator<String> it = waiting.iterator(); it.hasNext(); ) {
                        if (send("GET", it.next(), someone.token, null).statusCode() == 401) {
                            slowest[0] = System.nanoTime() - loggedOut;
                            it.remove();
                        }
                    }
                    return waiting.isEmpty();
                });
        assertTrue(slowest[0] <= Duration.ofSeconds(1).toNanos(),
                "refused everywhere after " + slowest[0] / 1_000_000 + " ms");
    }

    @Test
    @Order(25)
    void aLiveConversationOnOneInstanceSeesWhatIsPostedThroughTheOther() throws Exception {
        Person visitor = Person.register(suite, ports, "Live Person");
        String conversation = visitor.chat("Hello").path("conversationId").asText();
        int first = ports.chat();
        int second = ports.chat() + DevstackOptions.REPLICA_PORT_STEP;
        List<Long> across = new ArrayList<>();
        List<Long> same = new ArrayList<>();
        try (LiveSocket onFirst = LiveSocket.open(first, conversation, visitor.token);
             LiveSocket onSecond = LiveSocket.open(second, conversation, visitor.token)) {
            for (int i = 0; i < 6; i++) {
                String text = "live-" + i + "-" + System.nanoTime();
                long posted = System.nanoTime();
                HttpResponse<String> sent = send("POST", "http://127.0.0.1:" + second + "/api/conversations/"
                        + conversation + "/messages", visitor.token, JSON.writeValueAsString(Map.of("text", text)));
                assertEquals(201, sent.statusCode(), sent.body());
                across.add(onFirst.awaitMessage(text) - posted);
                same.add(onSecond.awaitMessage(text) - posted);
                // the assistant's answer, stored on the second instance, streams to the first too
                String answerId = JSON.readTree(sent.body()).path("answer").path("id").asText();
                onFirst.awaitMessageId(answerId);
            }
        }
        across.sort(null);
        same.sort(null);
        System.out.printf("Live across instances: message posted on one, seen on the other: median %d ms, max %d ms; "
                        + "on the same instance: median %d ms, max %d ms (6 messages, each answered)%n",
                across.get(3) / 1_000_000, across.get(5) / 1_000_000, same.get(3) / 1_000_000, same.get(5) / 1_000_000);
        assertTrue(across.get(5) < Duration.ofSeconds(2).toNanos(), "every message reached the other instance in 2 s");
    }

    @Test
    @Order(30)
    void anAccessRequestBundlesEveryOwnersExport() throws Exception {
        person = Person.register(suite, ports, "Journey Person");
        marker = "journey-" + System.nanoTime();
        String text = "Hi, " + marker + " here: write to " + person.email + " or call " + PHONE
                + ". How long do you keep my chats?";
        HttpResponse<String> consents = send("POST", consent(ports, "/api/consents/me"), person.token,
                "{\"choices\":{\"analytics.usage\":true,\"marketing.promotions\":false},\"method\":\"banner\"}");
        assertEquals(200, consents.statusCode(), consents.body());
        JsonNode opened = person.chat(text);
        String conversation = opened.path("conversationId").asText();
        person.upload(conversation, "invoice.png");
        HttpResponse<String> rated = send("POST", chat(ports, "/api/conversations/" + conversation + "/rating"),
                person.token, "{\"stars\":4,\"comment\":\"thanks " + marker + "\"}");
        assertEquals(200, rated.statusCode(), rated.body());
        HttpResponse<String> thumbs = send("POST", chat(ports, "/api/messages/" + opened.path("answer").path("id")
                .asText() + "/feedback"), person.token, "{\"helpful\":true}");
        assertEquals(200, thumbs.statusCode(), thumbs.body());
        assertEquals(1, blobFiles(person.subject));

        JsonNode access = json(send("POST", retention(ports, "/api/requests/access"), person.token, null), 202);
        accessId = access.path("id").asText();
        await("the access bundle is ready", () -> "ready".equals(json(send("GET",
                retention(ports, "/api/requests/" + accessId), person.token, null), 200).path("status").asText()));
        Map<String, String> bundle = unzip(HTTP.send(HttpRequest.newBuilder(URI.create(retention(ports,
                        "/api/requests/" + accessId + "/bundle"))).header("Authorization", "Bearer " + person.token)
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body());
        assertTrue(bundle.get("account-service.json").contains(person.email), bundle.keySet().toString());
        assertTrue(bundle.get("chat-service.json").contains(marker), "the chat export holds the decrypted text");
        assertTrue(bundle.get("chat-service.json").contains("invoice.png"));
        assertTrue(bundle.get("consent-service.json").contains("marketing.promotions"));
        assertTrue(bundle.get("data-map.json").contains("chat.upload"));
    }

    @Test
    @Order(40)
    void anErasureLeavesNoRowFileOrRecordOfThePerson() throws Exception {
        assertNotNull(person, "the access request ran first");
        // a backup of chat-service's database as it is now, the person's rows in it, for the restore later
        backupTaken = java.time.Instant.now().minusSeconds(1);
        chatBackup = Backup.of(ports.postgres(), "chat", person.subject, "subject_key", "conversation", "message");
        long requested = System.nanoTime();
        erasure = json(send("POST", retention(ports, "/api/requests/erasure"), person.token, null), 202);
        String erasureId = erasure.path("id").asText();
        await("the erasure completes", () -> "completed".equals(json(send("GET",
                retention(ports, "/api/requests/" + erasureId), person.token, null), 200).path("status").asText()));
        certificate = json(send("GET", retention(ports, "/api/requests/" + erasureId + "/certificate"),
                person.token, null), 200);
        long millis = Duration.ofNanos(System.nanoTime() - requested).toMillis();
        System.out.printf("Erasure journey: request to certificate in %d ms%n", millis);
        Set<String> owners = new TreeSet<>();
        certificate.path("certificate").path("owners").forEach(o -> owners.add(o.path("owner").asText()));
        assertEquals(Set.of("account-service", "consent-service", "chat-service", "retention-service"), owners,
                "every owner answered, and retention-service erased the access bundle");
        assertEquals(3, certificate.path("jws").asText().split("\\.").length);
        assertTrue(certificate.toString().contains("legal obligation"), "kept consent evidence is named with its basis");

        Map<String, String> needles = Map.of("subject id", person.subject, "email", person.email, "text", marker,
                "phone", "7946 0958", "display name", "Journey Person");
        Map<String, List<String>> found = scanDatabases(ports, needles.values());
        for (Map.Entry<String, String> needle : needles.entrySet()) {
            List<String> tables = found.getOrDefault(needle.getValue(), List.of());
            if (needle.getKey().equals("subject id")) {
                System.out.printf("Erasure journey: the pseudonymous subject id is kept in %s%n", tables);
                assertTrue(MAY_NAME_THE_SUBJECT.keySet().containsAll(tables), "the subject id is left in " + tables);
                assertTrue(tables.contains("consent.ledger_entry"), "the consent evidence is kept");
            } else {
                assertEquals(List.of(), tables, "the " + needle.getKey() + " is left in the databases");
            }
        }
        assertKeptDataMapItemsAreConsentEvidence(ports, person.subject);
        assertEquals(0, blobFiles(person.subject), "no uploaded file is left");
        Map<String, Integer> onTopics = scanTopics(ports, List.of(person.email, marker, "7946 0958", "Journey Person",
                person.subject));
        assertEquals(0, onTopics.get(person.email), "the email was never on a topic");
        assertEquals(0, onTopics.get(marker), "the message text was never on a topic");
        assertEquals(0, onTopics.get("7946 0958"), "the phone number was never on a topic");
        assertEquals(0, onTopics.get("Journey Person"), "the name was never on a topic");
        assertTrue(onTopics.get(person.subject) > 0, "the scan read the subject's (pseudonymous) events");
    }

    @Test
    @Order(50)
    void anErasedPersonsTokensAreRefusedButTheirReceiptReachesTheCertificate() throws Exception {
        assertNotNull(certificate, "the erasure ran first");
        assertEquals(401, send("GET", account(ports, "/api/accounts/me"), person.token, null).statusCode());
        await("chat-service refuses the token", () -> send("GET", chat(ports, "/api/conversations"), person.token, null)
                .statusCode() == 401);
        await("consent-service refuses the token", () -> send("GET", consent(ports, "/api/consents/me"), person.token,
                null).statusCode() == 401);
        assertEquals(401, send("POST", account(ports, "/api/auth/refresh"), null,
                "{\"refreshToken\":\"" + person.refreshToken + "\"}").statusCode());
        assertEquals(401, login(person.email, PASSWORD, replica(ports.account())).statusCode());

        JsonNode byReceipt = json(send("GET", retention(ports, "/api/receipts/" + erasure.path("receipt").asText()),
                null, null), 200);
        assertEquals(certificate.path("jws").asText(), byReceipt.path("certificate").path("jws").asText());
    }

    @Test
    @Order(55)
    void aBackupRestoredAfterAnErasureIsErasedAgainByReplayingTheErasureLog() throws Exception {
        assertNotNull(chatBackup, "the erasure ran first");
        chatBackup.restore(ports.postgres(), "chat");
        assertTrue(chatRows(person.subject) > 0, "the restore brought the erased person's chats back");
        String dpo = shared.staffToken();
        JsonNode replay = json(send("POST", retention(ports, "/api/requests/erasure/replay"), dpo,
                JSON.writeValueAsString(Map.of("since", backupTaken.toString(),
                        "reason", "chat database restored from the backup of " + backupTaken))), 202);
        assertTrue(replay.path("requests").asInt() >= 1, replay.toString());
        await("the replayed erasure reaches chat-service", () -> chatRows(person.subject) == 0);
        assertEquals(certificate.path("jws").asText(), json(send("GET", retention(ports, "/api/requests/"
                + erasure.path("id").asText() + "/certificate"), dpo, null), 200).path("jws").asText(),
                "the certificate stays the one first issued");
    }

    /** The person's conversations, messages and data key in chat-service's database. */
    private long chatRows(String subject) throws Exception {
        long rows = 0;
        try (Connection chat = connect(ports.postgres(), "chat")) {
            for (String table : List.of("subject_key", "conversation", "message")) {
                try (PreparedStatement query = chat.prepareStatement("SELECT count(*) FROM " + table
                        + " WHERE subject_id = ?::uuid")) {
                    query.setString(1, subject);
                    rows += DevstackHarness.count(query);
                }
            }
        }
        return rows;
    }

    @Test
    @Order(60)
    void dataKeysAndEncryptedChatsSurviveARestart() throws Exception {
        keeper = Person.register(suite, ports, "Keeper");
        keeperReceiptKey = grantConsent(keeper);
        keeperConversation = keeper.chat("How long do you keep my chats?").path("conversationId").asText();
        sweepPerson = Person.register(suite, ports, "Sweep Person");
        sweepConversation = sweepPerson.chat("When do you delete uploads?").path("conversationId").asText();
        sweepPerson.upload(sweepConversation, "scan.png");
        await("the data map lists the conversation and its upload", () -> {
            String map = send("GET", retention(ports, "/api/data-map/me"), sweepPerson.token, null).body();
            return map.contains("\"chat.message\"") && map.contains("\"chat.upload\"");
        });
        assertEquals(1, blobFiles(sweepPerson.subject), "the upload is in the blob store");
        try (Connection db = connect(ports.postgres(), "account"); Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE devstack_marker (kept TEXT)");
            statement.execute("INSERT INTO devstack_marker VALUES ('yes')");
        }
        // the suite runs again on the same data, 200 days later: past 180 days for messages and 30 for uploads
        shared.restart("--clock-offset", "P200D");
        suite = shared.running;
        assertTrue(suite.output().contains("clock runs PT4800H ahead"), suite::output);
        try (Connection db = connect(ports.postgres(), "account"); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT kept FROM devstack_marker")) {
            assertTrue(rs.next(), "rows survive a restart");
        }
        assertTrue(get(consent(ports, "/.well-known/jwks.json")).body()
                .contains("\"kid\":\"" + keeperReceiptKey + "\""), "receipts still verify after a restart");
        keeper = keeper.loggedInAgain();
        JsonNode kept = json(send("GET", chat(ports, "/api/conversations/" + keeperConversation), keeper.token, null),
                200);
        assertTrue(kept.toString().contains("How long do you keep my chats?"), "encrypted chats stay readable: " + kept);
        sweepPerson = sweepPerson.loggedInAgain();
    }

    @Test
    @Order(70)
    void aSweepMonthsLaterExpiresWhatIsDueInBothStores() throws Exception {
        assertNotNull(sweepConversation, "the restart ran first");
        String dpo = shared.staffToken();
        JsonNode overdue = json(send("GET", retention(ports, "/api/compliance/overdue"), dpo, null), 200);
        Set<String> dueCategories = new TreeSet<>();
        overdue.path("items").forEach(item -> {
            if (item.path("subjectId").asText().equals(sweepPerson.subject)) {
                dueCategories.add(item.path("category").asText());
            }
        });
        assertTrue(dueCategories.containsAll(Set.of("chat.message", "chat.upload")), overdue.toString());

        JsonNode sweep = json(send("POST", retention(ports, "/api/sweeps"), dpo, null), 202);
        String sweepId = sweep.path("id").asText();
        try {
            // every owner at once, just after the restart with the clock moved on: consent-service is also telling
            // every consenting subject about the policy versions that took effect meanwhile
            Awaitility.await("every owner answers the sweep").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250)).until(() -> !json(send("GET", retention(ports,
                            "/api/sweeps/" + sweepId), dpo, null), 200).path("completedAt").isNull());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // which owner did not answer, and what the suite said meanwhile
            String tail = shared.running.output();
            throw new AssertionError("the sweep did not complete: " + send("GET", retention(ports, "/api/sweeps/"
                    + sweepId), dpo, null).body() + "\n--- the suite's last output:\n"
                    + tail.substring(Math.max(0, tail.length() - 20_000)), e);
        }

        try (Connection chat = connect(ports.postgres(), "chat")) {
            for (String table : List.of("conversation", "message", "upload")) {
                try (PreparedStatement query = chat.prepareStatement("SELECT count(*) FROM " + table
                        + " WHERE subject_id = ?::uuid")) {
                    query.setString(1, sweepPerson.subject);
                    assertEquals(0, DevstackHarness.count(query), table + " rows of the expired conversation");
                }
            }
        }
        assertEquals(0, blobFiles(sweepPerson.subject), "the upload's file is gone too");
        JsonNode map = json(send("GET", retention(ports, "/api/data-map/" + sweepPerson.subject), dpo, null), 200);
        map.path("items").forEach(item -> assertFalse(item.path("category").asText().startsWith("chat."),
                "the data map still lists " + item));
        assertEquals(0, json(send("GET", retention(ports, "/api/compliance/overdue"), dpo, null), 200)
                .path("count").asInt(), "nothing is overdue after the sweep");
        assertEquals(404, send("GET", chat(ports, "/api/conversations/" + sweepConversation), sweepPerson.token, null)
                .statusCode(), "the person finds the conversation gone");
    }

    @Test
    @Order(80)
    void deletingAnAccountEndsWithEveryOwnersAcknowledgementAndACertificate() throws Exception {
        assertNotNull(keeper, "the restart ran first");
        HttpResponse<String> deleted = send("DELETE", account(ports, "/api/accounts/me"), keeper.token,
                "{\"password\":\"" + PASSWORD + "\"}");
        assertEquals(2, deleted.statusCode() / 100, deleted.statusCode() + " " + deleted.body());
        Matcher receipt = Pattern.compile("\"receipt\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"").matcher(deleted.body());
        assertTrue(receipt.find(), "the holder is handed a receipt: " + deleted.body());
        try (Connection retention = connect(ports.postgres(), "retention")) {
            await("the erasure completed with every owner's acknowledgement", () -> {
                try (PreparedStatement query = retention.prepareStatement(
                        "SELECT status FROM erasure_request WHERE subject_id = ?::uuid")) {
                    query.setString(1, keeper.subject);
                    try (ResultSet rs = query.executeQuery()) {
                        return rs.next() && "COMPLETED".equals(rs.getString(1));
                    }
                }
            });
            try (PreparedStatement owners = retention.prepareStatement("SELECT count(*) FROM erasure_owner o "
                    + "JOIN erasure_request r ON r.id = o.request_id WHERE r.subject_id = ?::uuid "
                    + "AND o.acknowledged_at IS NOT NULL");
                 PreparedStatement issued = retention.prepareStatement("SELECT count(*) FROM erasure_certificate c "
                         + "JOIN erasure_request r ON r.id = c.request_id WHERE r.subject_id = ?::uuid")) {
                owners.setString(1, keeper.subject);
                issued.setString(1, keeper.subject);
                assertEquals(4, DevstackHarness.count(owners), "account, consent, chat and retention-service answered");
                assertEquals(1, DevstackHarness.count(issued));
            }
        }
        try (Connection chat = connect(ports.postgres(), "chat");
             PreparedStatement messages = chat.prepareStatement("SELECT count(*) FROM message WHERE subject_id = ?::uuid")) {
            messages.setString(1, keeper.subject);
            assertEquals(0, DevstackHarness.count(messages), "no message of the subject is left");
        }
        // the revoked token is no use now; account-service's receipt reaches the certificate at retention-service
        HttpResponse<String> byReceipt = get(retention(ports, "/api/receipts/" + receipt.group(1)));
        assertEquals(200, byReceipt.statusCode(), byReceipt.body());
        assertTrue(byReceipt.body().contains("\"status\":\"completed\"") && byReceipt.body().contains("\"jws\""),
                byReceipt.body());
    }

    @Test
    @Order(90)
    void stoppingLeavesNoProcessAndNoPortBehind() throws Exception {
        suite.stopAndAssertNothingLeft(ports.allWithReplicas(REPLICAS));
    }

    /**
     * The person grants a consent at consent-service, which verifies the token against account-service's JWKS;
     * returns the key id of the signed receipt.
     */
    private static String grantConsent(Person who) throws Exception {
        JsonNode granted = json(send("POST", consent(who.ports, "/api/consents/me"), who.token,
                "{\"choices\":{\"analytics.usage\":true}}"), 200);
        String receipt = granted.path("receipts").path(0).asText();
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(receipt.substring(0, receipt.indexOf('.'))));
        assertTrue(header.hasNonNull("kid"), header.toString());
        return header.path("kid").asText();
    }

    /** A registered, logged-in person. */
    private record Person(Ports ports, String email, String token, String refreshToken, String subject) {
        static Person register(Running suite, Ports ports, String name) throws Exception {
            return logIn(ports, registerAndFollowTheMailedLink(suite, replica(ports.account()), name));
        }

        static Person logIn(Ports ports, String email) throws Exception {
            JsonNode login = json(login(email, PASSWORD, replica(ports.account())), 200);
            return new Person(ports, email, login.path("accessToken").asText(), login.path("refreshToken").asText(),
                    login.path("subjectId").asText());
        }

        /** A new sign-in: after a restart with the clock moved on, the earlier token has expired. */
        Person loggedInAgain() throws Exception {
            return logIn(ports, email);
        }

        JsonNode chat(String text) throws Exception {
            return json(send("POST", PrivacyJourneyIT.chat(ports, "/api/conversations"), token,
                    JSON.writeValueAsString(Map.of("text", text))), 201);
        }

        void upload(String conversation, String name) throws Exception {
            HttpResponse<String> uploaded = DevstackHarness.uploadPng(PrivacyJourneyIT.chat(ports,
                    "/api/conversations/" + conversation + "/attachments"), token, name);
            assertEquals(201, uploaded.statusCode(), uploaded.body());
        }
    }

    /** Every table of every database that holds any of {@code needles} in any column: needle → "db.table". */
    private static Map<String, List<String>> scanDatabases(Ports ports, java.util.Collection<String> needles)
            throws Exception {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (String database : DATABASES) {
            try (Connection db = connect(ports.postgres(), database)) {
                List<String> tables = new ArrayList<>();
                try (PreparedStatement list = db.prepareStatement("SELECT tablename FROM pg_tables "
                        + "WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'");
                     ResultSet rs = list.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    for (String needle : needles) {
                        try (PreparedStatement query = db.prepareStatement("SELECT count(*) FROM \"" + table
                                + "\" t WHERE strpos(lower(t::text), lower(?)) > 0")) {
                            query.setString(1, needle);
                            if (DevstackHarness.count(query) > 0) {
                                found.computeIfAbsent(needle, n -> new ArrayList<>()).add(database + "." + table);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void assertKeptDataMapItemsAreConsentEvidence(Ports ports, String subject) throws Exception {
        try (Connection db = connect(ports.postgres(), "retention");
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM data_item WHERE subject_id = ?::uuid "
                     + "AND category NOT IN ('consent.evidence', 'audit.access-log')")) {
            query.setString(1, subject);
            assertEquals(0, DevstackHarness.count(query), "the data map keeps only what is kept");
        }
    }

    /** How many records on every topic contain each needle in their key or value. */
    private static Map<String, Integer> scanTopics(Ports ports, List<String> needles) throws Exception {
        Map<String, Integer> hits = new LinkedHashMap<>();
        needles.forEach(n -> hits.put(n, 0));
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafka());
        Set<String> topics;
        try (Admin admin = Admin.create(config)) {
            topics = admin.listTopics().names().get();
        }
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        int scanned = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    scanned++;
                    String content = (record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8))
                            + " " + (record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
                    for (String needle : needles) {
                        if (content.toLowerCase().contains(needle.toLowerCase())) {
                            hits.merge(needle, 1, Integer::sum);
                        }
                    }
                }
            }
            assertTrue(partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p)), "every topic was read");
        }
        System.out.printf("Erasure journey: scanned %d records on %d topics%n", scanned, topics.size());
        return hits;
    }

    /** The subject's files in the blob store (one directory per subject). */
    private long blobFiles(String subject) throws IOException {
        Path blobs = dataDir.resolve("chat-blobs").resolve(subject);
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName().replaceFirst("^confidant-data/", ""),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(condition);
    }

    /**
     * The journeys alternate between the instances of each service, as a load balancer would: each call names the
     * next instance in turn.
     */
    private static int replica(int port) {
        return port + TURN.getAndIncrement() % REPLICAS * DevstackOptions.REPLICA_PORT_STEP;
    }

    private static String account(Ports ports, String path) {
        return "http://127.0.0.1:" + replica(ports.account()) + path;
    }

    private static String consent(Ports ports, String path) {
        return "http://127.0.0.1:" + replica(ports.consent()) + path;
    }

    private static String chat(Ports ports, String path) {
        return "http://127.0.0.1:" + replica(ports.chat()) + path;
    }

    private static String retention(Ports ports, String path) {
        return "http://127.0.0.1:" + replica(ports.retention()) + path;
    }

    /** A subject's rows of some tables of one database, copied as a backup holds them, to be put back later. */
    private record Backup(Map<String, List<Map<String, Object>>> rows) {
        static Backup of(int port, String database, String subject, String... tables) throws Exception {
            Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
            try (Connection db = connect(port, database)) {
                for (String table : tables) {
                    List<Map<String, Object>> copied = new ArrayList<>();
                    try (PreparedStatement query = db.prepareStatement("SELECT * FROM " + table
                            + " WHERE subject_id = ?::uuid")) {
                        query.setString(1, subject);
                        try (ResultSet rs = query.executeQuery()) {
                            while (rs.next()) {
                                Map<String, Object> row = new LinkedHashMap<>();
                                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                                    Object value = rs.getObject(c);
                                    row.put(rs.getMetaData().getColumnName(c), value instanceof java.sql.Array array
                                            ? array.getArray() : value);
                                }
                                copied.add(row);
                            }
                        }
                    }
                    rows.put(table, copied);
                }
            }
            assertTrue(rows.values().stream().allMatch(r -> !r.isEmpty()), "the backup holds the person's rows");
            return new Backup(rows);
        }

        /** Puts the rows back, tables in the order they were copied (keys before what they encrypt). */
        void restore(int port, String database) throws Exception {
            try (Connection db = connect(port, database)) {
                for (Map.Entry<String, List<Map<String, Object>>> table : rows.entrySet()) {
                    for (Map<String, Object> row : table.getValue()) {
                        String columns = String.join(", ", row.keySet());
                        String marks = String.join(", ", java.util.Collections.nCopies(row.size(), "?"));
                        try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + table.getKey() + " ("
                                + columns + ") OVERRIDING SYSTEM VALUE VALUES (" + marks + ")")) {
                            int c = 1;
                            for (Object value : row.values()) {
                                if (value instanceof String[] texts) {
                                    insert.setArray(c++, db.createArrayOf("text", texts));
                                } else {
                                    insert.setObject(c++, value);
                                }
                            }
                            insert.executeUpdate();
                        }
                    }
                }
            }
        }
    }

    /** The widget's WebSocket to one instance of chat-service, collecting frames as they arrive. */
    private static final class LiveSocket implements java.net.http.WebSocket.Listener, AutoCloseable {
        private final java.util.concurrent.BlockingQueue<Map.Entry<Long, JsonNode>> frames =
                new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private java.net.http.WebSocket socket;

        static LiveSocket open(int port, String conversation, String token) throws Exception {
            LiveSocket live = new LiveSocket();
            live.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                    + "/ws/conversations/" + conversation), live).get(10, java.util.concurrent.TimeUnit.SECONDS);
            live.socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true)
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
            live.await(frame -> "ready".equals(frame.path("type").asText()));
            return live;
        }

        /** When (System.nanoTime) the message with this text arrived. */
        long awaitMessage(String text) throws Exception {
            return await(frame -> "message".equals(frame.path("type").asText())
                    && text.equals(frame.path("message").path("text").asText()));
        }

        long awaitMessageId(String id) throws Exception {
            return await(frame -> "message".equals(frame.path("type").asText())
                    && id.equals(frame.path("message").path("id").asText()));
        }

        private long await(java.util.function.Predicate<JsonNode> wanted) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                Map.Entry<Long, JsonNode> frame = frames.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (frame != null && wanted.test(frame.getValue())) {
                    return frame.getKey();
                }
            }
            throw new AssertionError("no such frame within 10 s");
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data,
                                                              boolean last) {
            partial.append(data);
            if (last) {
                long at = System.nanoTime();
                try {
                    frames.add(Map.entry(at, JSON.readTree(partial.toString())));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
