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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static dev.confidant.platform.devstack.DevstackHarness.HTTP;
import static dev.confidant.platform.devstack.DevstackHarness.PASSWORD;
import static dev.confidant.platform.devstack.DevstackHarness.accessToken;
import static dev.confidant.platform.devstack.DevstackHarness.connect;
import static dev.confidant.platform.devstack.DevstackHarness.login;
import static dev.confidant.platform.devstack.DevstackHarness.registerAndFollowTheMailedLink;
import static dev.confidant.platform.devstack.DevstackHarness.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The privacy promise, end to end, on the whole packaged suite (four services, embedded PostgreSQL and Kafka):
 * <ol>
 *   <li>a person registers, consents and refuses, chats with their email and phone number in the text, uploads a
 *   file, rates the answers, downloads a copy of their data and asks for erasure; then no database, no blob and no
 *   Kafka record holds them (except pseudonymous consent evidence and the proof of erasure), and their tokens are
 *   refused everywhere;</li>
 *   <li>with the suite's clock moved 200 days ahead, a sweep expires a conversation and its upload in both stores,
 *   and the data map and the overdue report agree.</li>
 * </ol>
 */
class PrivacyJourneyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
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

    @TempDir
    Path dataDir;

    private final DevstackHarness devstack = new DevstackHarness();

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        devstack.stopLeftovers();
    }

    @Test
    void erasureLeavesNothingAndASweepMonthsLaterExpiresWhatIsDue() throws Exception {
        Ports ports = Ports.free();
        Running suite = devstack.start(ports.args(dataDir));
        DevstackHarness.bootstrapAdminWithRoles(suite, ports.account(), "admin", "dpo");

        erasureJourney(suite, ports);

        // the second person chats and uploads today...
        Person later = Person.register(suite, ports, "Sweep Person");
        JsonNode opened = later.chat("When do you delete uploads?");
        String conversation = opened.path("conversationId").asText();
        later.upload(conversation, "scan.png");
        await("the data map lists the conversation and its upload", () -> {
            String map = send("GET", retention(ports, "/api/data-map/me"), later.token, null).body();
            return map.contains("\"chat.message\"") && map.contains("\"chat.upload\"");
        });
        assertEquals(1, blobFiles(), "the upload is in the blob store");
        suite.stopAndAssertNothingLeft(ports.all());

        // ...and the suite runs again 200 days later: past 180 days for messages and 30 for uploads
        List<String> later200 = new ArrayList<>(ports.args(dataDir));
        later200.addAll(List.of("--clock-offset", "P200D"));
        Running monthsLater = devstack.start(later200);
        assertTrue(monthsLater.output().contains("clock runs PT4800H ahead"), monthsLater::output);
        String dpo = accessToken(login("admin@confidant.local", PASSWORD, ports.account()));
        sweepJourney(ports, dpo, later, conversation);
        monthsLater.stopAndAssertNothingLeft(ports.all());
    }

    private void erasureJourney(Running suite, Ports ports) throws Exception {
        Person person = Person.register(suite, ports, "Journey Person");
        String marker = "journey-" + System.nanoTime();
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
        assertEquals(1, blobFiles());

        // a copy of everything first: every owner's export in one zip
        JsonNode access = json(send("POST", retention(ports, "/api/requests/access"), person.token, null), 202);
        String accessId = access.path("id").asText();
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

        // then erasure, timed from the request to the certificate
        long requested = System.nanoTime();
        JsonNode erasure = json(send("POST", retention(ports, "/api/requests/erasure"), person.token, null), 202);
        String erasureId = erasure.path("id").asText();
        await("the erasure completes", () -> "completed".equals(json(send("GET",
                retention(ports, "/api/requests/" + erasureId), person.token, null), 200).path("status").asText()));
        JsonNode certificate = json(send("GET", retention(ports, "/api/requests/" + erasureId + "/certificate"),
                person.token, null), 200);
        long millis = Duration.ofNanos(System.nanoTime() - requested).toMillis();
        System.out.printf("Erasure journey: request to certificate in %d ms%n", millis);
        Set<String> owners = new TreeSet<>();
        certificate.path("certificate").path("owners").forEach(o -> owners.add(o.path("owner").asText()));
        assertEquals(Set.of("account-service", "consent-service", "chat-service", "retention-service"), owners,
                "every owner answered, and retention-service erased the access bundle");
        assertTrue(certificate.path("jws").asText().split("\\.").length == 3);
        assertTrue(certificate.toString().contains("legal obligation"), "kept consent evidence is named with its basis");

        // no row, file or Kafka record of theirs is left, except what the certificate says is kept
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
        assertEquals(0, blobFiles(), "no uploaded file is left");
        Map<String, Integer> onTopics = scanTopics(ports, List.of(person.email, marker, "7946 0958", "Journey Person",
                person.subject));
        assertEquals(0, onTopics.get(person.email), "the email was never on a topic");
        assertEquals(0, onTopics.get(marker), "the message text was never on a topic");
        assertEquals(0, onTopics.get("7946 0958"), "the phone number was never on a topic");
        assertEquals(0, onTopics.get("Journey Person"), "the name was never on a topic");
        assertTrue(onTopics.get(person.subject) > 0, "the scan read the subject's (pseudonymous) events");

        // and their tokens are refused everywhere
        assertEquals(401, send("GET", account(ports, "/api/accounts/me"), person.token, null).statusCode());
        await("chat-service refuses the token", () -> send("GET", chat(ports, "/api/conversations"), person.token, null)
                .statusCode() == 401);
        await("consent-service refuses the token", () -> send("GET", consent(ports, "/api/consents/me"), person.token,
                null).statusCode() == 401);
        assertEquals(401, send("POST", account(ports, "/api/auth/refresh"), null,
                "{\"refreshToken\":\"" + person.refreshToken + "\"}").statusCode());
        assertEquals(401, login(person.email, PASSWORD, ports.account()).statusCode());

        // the receipt from the request still reaches the certificate, without any token
        JsonNode byReceipt = json(send("GET", retention(ports, "/api/receipts/" + erasure.path("receipt").asText()),
                null, null), 200);
        assertEquals(certificate.path("jws").asText(), byReceipt.path("certificate").path("jws").asText());
    }

    private void sweepJourney(Ports ports, String dpo, Person person, String conversation) throws Exception {
        JsonNode overdue = json(send("GET", retention(ports, "/api/compliance/overdue"), dpo, null), 200);
        Set<String> dueCategories = new TreeSet<>();
        overdue.path("items").forEach(item -> {
            if (item.path("subjectId").asText().equals(person.subject)) {
                dueCategories.add(item.path("category").asText());
            }
        });
        assertTrue(dueCategories.containsAll(Set.of("chat.message", "chat.upload")), overdue.toString());

        JsonNode sweep = json(send("POST", retention(ports, "/api/sweeps"), dpo, null), 202);
        String sweepId = sweep.path("id").asText();
        await("every owner answers the sweep", () -> !json(send("GET", retention(ports, "/api/sweeps/" + sweepId),
                dpo, null), 200).path("completedAt").isNull());

        try (Connection chat = connect(ports.postgres(), "chat")) {
            for (String table : List.of("conversation", "message", "upload")) {
                try (PreparedStatement query = chat.prepareStatement("SELECT count(*) FROM " + table
                        + " WHERE subject_id = ?::uuid")) {
                    query.setString(1, person.subject);
                    assertEquals(0, DevstackHarness.count(query), table + " rows of the expired conversation");
                }
            }
        }
        assertEquals(0, blobFiles(), "the upload's file is gone too");
        JsonNode map = json(send("GET", retention(ports, "/api/data-map/" + person.subject), dpo, null), 200);
        map.path("items").forEach(item -> assertTrue(!item.path("category").asText().startsWith("chat."),
                "the data map still lists " + item));
        assertEquals(0, json(send("GET", retention(ports, "/api/compliance/overdue"), dpo, null), 200)
                .path("count").asInt(), "nothing is overdue after the sweep");
        assertEquals(404, send("GET", chat(ports, "/api/conversations/" + conversation), person.token, null)
                .statusCode(), "the person finds the conversation gone");
    }

    /** A registered, logged-in person. */
    private record Person(Ports ports, String email, String token, String refreshToken, String subject) {
        static Person register(Running suite, Ports ports, String name) throws Exception {
            String email = registerAndFollowTheMailedLink(suite, ports.account(), name);
            JsonNode login = JSON.readTree(login(email, PASSWORD, ports.account()).body());
            return new Person(ports, email, login.path("accessToken").asText(), login.path("refreshToken").asText(),
                    login.path("subjectId").asText());
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

    private long blobFiles() throws IOException {
        Path blobs = dataDir.resolve("chat-blobs");
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

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out: " + what);
    }

    private static String account(Ports ports, String path) {
        return "http://127.0.0.1:" + ports.account() + path;
    }

    private static String consent(Ports ports, String path) {
        return "http://127.0.0.1:" + ports.consent() + path;
    }

    private static String chat(Ports ports, String path) {
        return "http://127.0.0.1:" + ports.chat() + path;
    }

    private static String retention(Ports ports, String path) {
        return "http://127.0.0.1:" + ports.retention() + path;
    }
}
