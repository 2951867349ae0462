package dev.confidant.chat;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.StoreCount;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TopicReader;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads: what is accepted, what is refused (leaving nothing), who may download, and that files go with erasure. Run
 * against the filesystem blob store here and against S3 object storage by {@link S3UploadTest}.
 */
@QuarkusTest
@SuiteInfrastructure
class UploadTest {

    @jakarta.inject.Inject
    dev.confidant.chat.service.Uploads uploads;

    private static final EventCodec CODEC = new EventCodec();
    private static final Path BLOBS = Path.of("target/test-blobs");

    static byte[] png(String marker) {
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        byte[] rest = marker.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(header, header.length + rest.length);
        System.arraycopy(rest, 0, all, header.length, rest.length);
        return all;
    }

    static Response upload(TestSubject subject, String conversation, String name, byte[] content, String declared) {
        return given().auth().oauth2(subject.token()).multiPart("file", name, content, declared)
                .post("/api/conversations/" + conversation + "/attachments");
    }

    static String conversation(TestSubject subject) {
        return subject.request().post("/api/conversations").then().statusCode(201).extract().path("id");
    }

    @Test
    void aFileIsCheckedByItsContentStoredEncryptedAndGivenOnlyToItsOwner() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = conversation(user);
        byte[] content = png("holiday-photo-marker");
        String id;
        try (TopicReader personalData = TopicReader.fromBeginning(Topics.PERSONAL_DATA)) {
            id = upload(user, conversation, "../../etc/my photo?.png", content, "text/plain").then().statusCode(201)
                    .body("contentType", equalTo("image/png")).body("name", equalTo("my photo_.png"))
                    .body("size", equalTo(content.length)).extract().path("id");
            String uploadId = id;
            personalData.await(r -> user.id().toString().equals(r.key())
                    && CODEC.decode(r.value()).payload() instanceof PersonalDataCreated created
                    && created.category().equals(DataCategories.CHAT_UPLOAD) && created.store().equals("chat-blobs")
                    && created.reference().equals("upload/" + uploadId), 1, Duration.ofSeconds(10));
        }
        byte[] stored = stored(user.id(), id);
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("holiday-photo-marker"), "encrypted at rest");

        byte[] downloaded = given().auth().oauth2(user.token()).get("/api/attachments/" + id).then().statusCode(200)
                .contentType("image/png").header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", containsString("attachment; filename=\"my photo_.png\""))
                .extract().asByteArray();
        assertArrayEquals(content, downloaded);
        TestSubject other = TestSubject.withRole(Roles.USER);
        given().auth().oauth2(other.token()).get("/api/attachments/" + id).then().statusCode(404);
        TestSubject.withRole(Roles.AGENT).request().get("/api/agent/attachments/" + id).then().statusCode(404);

        upload(user, conversation, "notes.txt", "just some notes\nline two\n".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream").then().statusCode(201).body("contentType", containsString("text/plain"));
    }

    @Test
    void aFilesNameIsEncryptedLikeItsContent() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = conversation(user);
        String id = upload(user, conversation, "passport_Jane_Doe.png", png("passport"), "image/png").then()
                .statusCode(201).body("name", equalTo("passport_Jane_Doe.png")).extract().path("id");

        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM upload WHERE id = ?::uuid AND (name IS NOT NULL "
                + "OR name_ciphertext IS NULL OR position(convert_to('Jane', 'UTF8') in name_ciphertext) > 0)", id),
                "no plain name in the database");
        given().auth().oauth2(user.token()).get("/api/attachments/" + id).then().statusCode(200)
                .header("Content-Disposition", containsString("filename=\"passport_Jane_Doe.png\""));

        // a file uploaded before names were encrypted keeps working, and the name job encrypts its name
        ServiceDatabase.execute("UPDATE upload SET name = 'old_scan_John_Roe.png', name_ciphertext = NULL "
                + "WHERE id = ?::uuid", id);
        given().auth().oauth2(user.token()).get("/api/attachments/" + id).then().statusCode(200)
                .header("Content-Disposition", containsString("filename=\"old_scan_John_Roe.png\""));
        assertTrue(uploads.encryptPlainNames() >= 1);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM upload WHERE name IS NOT NULL"));
        given().auth().oauth2(user.token()).get("/api/attachments/" + id).then().statusCode(200)
                .header("Content-Disposition", containsString("filename=\"old_scan_John_Roe.png\""));
    }

    @Test
    void aSubjectUploadsAtMostFiftyFilesAndItsByteQuotaADay() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = conversation(user);
        for (int i = 0; i < 50; i++) {
            upload(user, conversation, "photo" + i + ".png", png("photo " + i), "image/png").then().statusCode(201);
        }
        upload(user, conversation, "one-more.png", png("one more"), "image/png").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("detail", containsString("50 files"));
        assertEquals(50, ServiceDatabase.count("SELECT count(*) FROM upload WHERE subject_id = ?", user.id()));
        assertEquals(50, filesOf(user.id()), "the refused file left nothing behind");

        // bytes: the test profile allows 256 KB a day; four files of 60 KB fit, a fifth does not
        TestSubject other = TestSubject.withRole(Roles.USER);
        String second = conversation(other);
        for (int i = 0; i < 4; i++) {
            upload(other, second, "scan" + i + ".png", png(i + "x".repeat(60 * 1024)), "image/png").then().statusCode(201);
        }
        upload(other, second, "scan4.png", png("x".repeat(60 * 1024)), "image/png").then().statusCode(429);

        // a day later the quota is free again
        ServiceDatabase.execute("UPDATE upload SET created_at = created_at - interval '25 hours' WHERE subject_id = ?",
                other.id());
        upload(other, second, "scan4.png", png("x".repeat(60 * 1024)), "image/png").then().statusCode(201);
    }

    @Test
    void everyRefusedUploadLeavesNoRowAndNoFile() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = conversation(user);
        byte[] executable = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};
        upload(user, conversation, "invoice.png", executable, "image/png").then().statusCode(415)
                .contentType("application/problem+json");
        byte[] tooLarge = png("x".repeat(70 * 1024));
        upload(user, conversation, "big.png", tooLarge, "image/png").then().statusCode(413)
                .contentType("application/problem+json");
        byte[] wayTooLarge = png("x".repeat(200 * 1024));
        upload(user, conversation, "huge.png", wayTooLarge, "image/png").then().statusCode(413);
        given().auth().oauth2(user.token()).multiPart("other", "value")
                .post("/api/conversations/" + conversation + "/attachments").then().statusCode(422);
        TestSubject other = TestSubject.withRole(Roles.USER);
        upload(other, conversation, "mine.png", png("x"), "image/png").then().statusCode(404);
        user.request().body(Map.of("file", "x")).post("/api/conversations/" + conversation + "/attachments")
                .then().statusCode(415);

        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM upload WHERE subject_id = ?", user.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM upload WHERE subject_id = ?", other.id()));
        assertEquals(0, filesOf(user.id()) + filesOf(other.id()), "no file, not even a partial one");
    }

    @Test
    void anAgentDownloadsOnlyFromATakenConversationAndTheReadIsLogged() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = conversation(user);
        String id = upload(user, conversation, "screenshot.png", png("error dialog"), "image/png").then().statusCode(201)
                .extract().path("id");
        user.request().post("/api/conversations/" + conversation + "/handoff").then().statusCode(200);
        TestSubject agent = TestSubject.withRole(Roles.AGENT);
        agent.request().get("/api/agent/attachments/" + id).then().statusCode(404);
        agent.request().post("/api/agent/conversations/" + conversation + "/take").then().statusCode(200);
        given().auth().oauth2(agent.token()).get("/api/agent/attachments/" + id).then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff");
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ? "
                + "AND resource = ?", agent.id(), "upload/" + id));
    }

    @Test
    void filesGoWithTheirConversationAndWithErasure() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String first = conversation(user);
        String firstUpload = upload(user, first, "a.png", png("a"), "image/png").then().statusCode(201)
                .extract().path("id");
        try (TopicReader personalData = TopicReader.fromBeginning(Topics.PERSONAL_DATA)) {
            user.request().delete("/api/conversations/" + first).then().statusCode(204);
            personalData.await(r -> user.id().toString().equals(r.key())
                    && CODEC.decode(r.value()).payload() instanceof dev.confidant.platform.events.PersonalDataDeleted gone
                    && gone.reference().equals("upload/" + firstUpload) && gone.store().equals("chat-blobs"), 1,
                    Duration.ofSeconds(10));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> filesOf(user.id()) == 0);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM upload WHERE subject_id = ?", user.id()));

        String second = conversation(user);
        upload(user, second, "b.png", png("b"), "image/png").then().statusCode(201);
        upload(user, second, "c.txt", "c".getBytes(StandardCharsets.UTF_8), "text/plain").then().statusCode(201);
        assertEquals(2, filesOf(user.id()));
        EventEnvelope<ErasureRequested> command = EventEnvelope.of("retention-service", user.id(),
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.SUBJECT, Instant.now().plus(30, ChronoUnit.DAYS)));
        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS)) {
            TopicWriter.send(command);
            ErasureCompleted done = (ErasureCompleted) CODEC.decode(acks.await(r -> user.id().toString().equals(r.key()),
                    1, Duration.ofSeconds(30)).get(0).value()).payload();
            Map<String, Long> uploads = done.erased().stream().filter(c -> c.category().equals(DataCategories.CHAT_UPLOAD))
                    .collect(Collectors.toMap(StoreCount::store, StoreCount::count));
            assertEquals(Map.of("chat-db", 2L, "chat-blobs", 2L), uploads);
        }
        assertEquals(0, filesOf(user.id()));
        assertNothingLeftOf(user.id());
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM upload WHERE subject_id = ?", user.id()));
    }

    @Test
    void uploadsAndFeedbackExpireOnTheirOwnSchedulesExceptHeldOnes() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        TestSubject held = TestSubject.withRole(Roles.USER);
        for (TestSubject subject : java.util.List.of(user, held)) {
            Response opened = ConversationTest.open(subject, "Which cookies do you use?").then().statusCode(201)
                    .extract().response();
            upload(subject, opened.path("conversationId"), "a.png", png("a"), "image/png").then().statusCode(201);
            subject.request().body(Map.of("helpful", true)).post("/api/messages/" + opened.path("answer.id")
                    + "/feedback").then().statusCode(200);
            ServiceDatabase.execute("UPDATE upload SET created_at = now() - interval '31 days' WHERE subject_id = ?",
                    subject.id());
            ServiceDatabase.execute("UPDATE feedback SET created_at = now() - interval '366 days' WHERE subject_id = ?",
                    subject.id());
        }
        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS)) {
            for (String category : java.util.List.of(DataCategories.CHAT_UPLOAD, DataCategories.CHAT_FEEDBACK)) {
                UUID sweep = UUID.randomUUID();
                Duration age = category.equals(DataCategories.CHAT_UPLOAD) ? Duration.ofDays(30) : Duration.ofDays(365);
                TopicWriter.send(EventEnvelope.of("retention-service", null, new dev.confidant.platform.events.ExpireRecords(
                        sweep, category, Instant.now().minus(age), java.util.List.of(held.id()))));
                acks.await(r -> CODEC.decode(r.value()).payload() instanceof dev.confidant.platform.events.ExpiryCompleted done
                        && done.sweepId().equals(sweep), 1, Duration.ofSeconds(30));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> filesOf(user.id()) == 0);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM upload WHERE subject_id = ?", user.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM feedback WHERE subject_id = ?", user.id()));
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM message WHERE subject_id = ?", user.id()),
                "the conversation keeps its own schedule");
        assertEquals(1, filesOf(held.id()));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM feedback WHERE subject_id = ?", held.id()));
    }

    @Test
    void aVisitorWhoRegistersTakesTheirChatsAndFilesAlong() throws Exception {
        TestSubject visitor = TestSubject.withRole(Roles.VISITOR);
        TestSubject account = TestSubject.withRole(Roles.USER);
        Response opened = ConversationTest.open(visitor, "Which cookies do you use?").then().statusCode(201)
                .extract().response();
        String conversation = opened.path("conversationId");
        String file = upload(visitor, conversation, "receipt.png", png("receipt"), "image/png").then().statusCode(201)
                .extract().path("id");
        visitor.request().body(Map.of("helpful", false, "comment", "too short"))
                .post("/api/messages/" + opened.path("answer.id") + "/feedback").then().statusCode(200);

        TopicWriter.send(EventEnvelope.of("account-service", account.id(),
                new dev.confidant.platform.events.VisitorLinked(visitor.id(), Instant.now())));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM conversation WHERE subject_id = ?", account.id()) == 1);

        account.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("messages[0].text", equalTo("Which cookies do you use?"));
        assertArrayEquals(png("receipt"), given().auth().oauth2(account.token()).get("/api/attachments/" + file)
                .then().statusCode(200).extract().asByteArray());
        visitor.request().get("/api/conversations/" + conversation).then().statusCode(404);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM subject_key WHERE subject_id = ?", visitor.id()));
        for (String table : java.util.List.of("message", "upload", "feedback")) {
            assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM " + table + " WHERE subject_id = ?",
                    visitor.id()), table);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> filesOf(visitor.id()) == 0);

        // account-service ends the visitor token with the link: new chats under it would escape the account's erasure
        TopicWriter.send(EventEnvelope.of("account-service", visitor.id(), new dev.confidant.platform.events.TokensRevoked(
                Instant.now(), null, dev.confidant.platform.events.RevocationReason.VISITOR_LINKED)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ConversationTest.open(visitor, "a new chat")
                .statusCode() == 401);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", visitor.id()));
    }

    /** The bytes the blob store holds for one upload (here: the directory the test configuration names). */
    byte[] stored(UUID subject, String id) throws IOException {
        return Files.readAllBytes(BLOBS.resolve(subject.toString()).resolve(id));
    }

    /** How many files the blob store holds for a subject. */
    long filesOf(UUID subject) throws IOException {
        Path directory = BLOBS.resolve(subject.toString());
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    /** Not even an empty folder names the subject. */
    void assertNothingLeftOf(UUID subject) {
        assertFalse(Files.exists(BLOBS.resolve(subject.toString())));
    }
}
