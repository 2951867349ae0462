package dev.confidant.retention;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.OwnedCategory;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.RefusedRecords;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestEventKeys;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TopicWriter;
import dev.confidant.retention.service.AccessBundle;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access requests (GDPR Art. 15/20) against owners on a real local HTTP server: every owner's export is fetched with
 * retention-service's own token, failures are retried, and the subject downloads one zip of JSON with the data map.
 */
@QuarkusTest
@SuiteInfrastructure
@WithTestResource(value = FakeOwnerServer.class, scope = TestResourceScope.GLOBAL)
class AccessRequestTest {

    @Inject
    AccessBundle bundles;

    private static String owner(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void register(String... owners) {
        for (String owner : owners) {
            TopicWriter.send(EventEnvelope.of(owner, null, new DataOwnerRegistered(owner, List.of(
                    new OwnedCategory(DataCategories.CHAT_MESSAGE, List.of(owner + "-db"))), Instant.now(),
                    FakeOwnerServer.exportUrl(owner))));
        }
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/data-owners").then()
                .extract().jsonPath().getList("name").containsAll(List.of(owners)));
    }

    private static void awaitStatus(TestSubject who, String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(who.request()
                .get("/api/requests/" + id).then().statusCode(200).extract().path("status")));
    }

    /** A download as a browser asks for it (any type). */
    private static io.restassured.response.Response bundle(TestSubject who, Object id) {
        return io.restassured.RestAssured.given().auth().oauth2(who.token()).get("/api/requests/" + id + "/bundle");
    }

    /** The bundle's files by name (without the folder), as text. */
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

    @Test
    void everyOwnerContributesFailuresAreRetriedAndTheSubjectDownloadsOneZip() throws Exception {
        String steady = owner("steady");
        String flaky = owner("flaky");
        FakeOwnerServer.FAILURES_LEFT.put(flaky, new AtomicInteger(2));
        register(steady, flaky);
        TestSubject user = TestSubject.withRole(Roles.USER);
        TopicWriter.send(EventEnvelope.of(steady, user.id(), new PersonalDataCreated(DataCategories.CHAT_MESSAGE,
                steady + "-db", "conversation/1", Instant.now(), Instant.now())));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> user.request().get("/api/data-map/me").then()
                .extract().jsonPath().getList("items.owner").contains(steady));

        io.restassured.response.Response received = user.request().post("/api/requests/access");
        String id = received.then().statusCode(202)
                .body("type", equalTo("access")).body("origin", equalTo("subject"))
                .body("owners.owner", hasItem(flaky))
                .body("daysLeft", org.hamcrest.Matchers.greaterThanOrEqualTo(27))
                .extract().path("id");
        assertTrue(received.header("Location").endsWith("/api/requests/" + id));
        bundle(user, id).then().statusCode(409)
                .contentType("application/problem+json");
        awaitStatus(user, id, "ready");

        JsonPath request = user.request().get("/api/requests/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("collected", request.getString("owners.find { it.owner == '" + steady + "' }.status"));
        assertEquals(0, request.getInt("owners.find { it.owner == '" + steady + "' }.attempts"));
        assertEquals("collected", request.getString("owners.find { it.owner == '" + flaky + "' }.status"));
        assertEquals(2, request.getInt("owners.find { it.owner == '" + flaky + "' }.attempts"),
                "two failures, then the export");
        assertTrue(request.getList("owners.status").stream().allMatch(s -> s.equals("collected")
                || s.equals("no-export")), "owners without an export endpoint are named as such");
        assertTrue(FakeOwnerServer.TOKENS_ISSUED.get() >= 1);

        byte[] zip = bundle(user, id).then().statusCode(200)
                .contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"confidant-data-" + id + ".zip\"")
                .extract().asByteArray();
        Map<String, String> files = unzip(zip);
        assertTrue(files.keySet().containsAll(List.of("README.txt", "request.json", "data-map.json",
                "retention-service.json", steady + ".json", flaky + ".json")), files.keySet().toString());
        assertTrue(files.get(steady + ".json").contains("kept by " + steady + " for " + user.id()));
        JsonPath map = new JsonPath(files.get("data-map.json"));
        assertEquals(user.id().toString(), map.getString("subjectId"));
        assertEquals("conversation/1", map.getString("items.find { it.owner == '" + steady + "' }.reference"));
        assertEquals(id, new JsonPath(files.get("retention-service.json")).getString("requests[0].id"));
        assertEquals("ready", new JsonPath(files.get("request.json")).getString("status"));

        // no one else's: another subject and an auditor get nothing; a DPO's download is in the staff access log
        bundle(TestSubject.withRole(Roles.USER), id).then().statusCode(404);
        bundle(TestSubject.withRole(Roles.AUDITOR), id).then().statusCode(403);
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        bundle(dpo, id).then().statusCode(200);
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ? "
                + "AND data_subject_id = ? AND resource = 'access bundle'", dpo.id(), user.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE data_subject_id = ? "
                + "AND staff_subject_id = ?", user.id(), user.id()), "the subject's own download is not staff access");
    }

    @Test
    void anExportAboutSomeoneElseIsRefusedAndAskedForAgain() throws Exception {
        String confused = owner("confused");
        FakeOwnerServer.WRONG_SUBJECT.put(confused, true);
        register(confused);
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        UUID subject = UUID.randomUUID();

        String id = dpo.request().body(Map.of("subjectId", subject.toString())).post("/api/requests/access").then()
                .statusCode(202).body("origin", equalTo("dpo")).body("subjectId", equalTo(subject.toString()))
                .extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/requests/" + id).then()
                .extract().jsonPath().getInt("owners.find { it.owner == '" + confused + "' }.attempts") >= 1);
        JsonPath waiting = dpo.request().get("/api/requests/" + id).then().statusCode(200)
                .body("status", equalTo("collecting")).extract().jsonPath();
        assertEquals("the owner's export is not about this subject",
                waiting.getString("owners.find { it.owner == '" + confused + "' }.lastError"));
        dpo.request().get("/api/requests").then().statusCode(200).body("id", hasItem(id));

        FakeOwnerServer.WRONG_SUBJECT.put(confused, false);
        awaitStatus(dpo, id, "ready");
        Map<String, String> files = unzip(bundle(dpo, id).then().statusCode(200)
                .extract().asByteArray());
        assertTrue(files.get(confused + ".json").contains(subject.toString()));
        assertEquals(1, files.values().stream().filter(f -> f.contains("kept by " + confused)).count());
    }

    @Test
    void anExpiredBundleIsGoneAndAnErasureTakesTheBundlesWithIt() throws Exception {
        String steady = owner("steady");
        register(steady);
        TestSubject user = TestSubject.withRole(Roles.USER);
        String id = user.request().post("/api/requests/access").then().statusCode(202).extract().path("id");
        awaitStatus(user, id, "ready");
        String second = user.request().post("/api/requests/access").then().statusCode(202).extract().path("id");
        assertFalse(second.equals(id), "a ready request is done; a new one collects afresh");
        awaitStatus(user, second, "ready");

        ServiceDatabase.execute("UPDATE access_request SET bundle_expires_at = now() - interval '1 minute' WHERE id = ?",
                UUID.fromString(id));
        assertEquals(1, bundles.expireBundles());
        bundle(user, id).then().statusCode(410)
                .contentType("application/problem+json");
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM access_part WHERE request_id = ? AND content IS NOT NULL",
                UUID.fromString(id)), "the exports' content is deleted");
        user.request().get("/api/requests/" + id).then().body("status", equalTo("expired"));

        String erasure = user.request().post("/api/requests/erasure").then().statusCode(202).extract().path("id");
        // retention-service answers its own command like every owner: the bundles it kept are counted
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "acknowledged".equals(user.request()
                .get("/api/requests/" + erasure).then().extract().jsonPath()
                .getString("owners.find { it.owner == 'retention-service' }.status")));
        JsonPath answer = user.request().get("/api/requests/" + erasure).then().extract().jsonPath();
        assertEquals("access-bundle", answer.getString("owners.find { it.owner == 'retention-service' }.erased[0].category"));
        assertEquals(2, answer.getInt("owners.find { it.owner == 'retention-service' }.erased[0].count"));
        assertEquals("legal obligation",
                answer.getString("owners.find { it.owner == 'retention-service' }.retained[0].legalBasis"));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM access_request WHERE subject_id = ?", user.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM access_part p WHERE content LIKE ?",
                "%" + user.id() + "%"));
        bundle(user, second).then().statusCode(404);
        user.request().get("/api/requests/" + erasure).then().statusCode(200).body("type", equalTo("erasure"));
        user.request().get("/api/requests/mine").then().statusCode(200).body("id", equalTo(List.of(erasure)));
    }

    @Test
    void aForgedAnnouncementChangesNoOwnersExportUrl() {
        String owner = owner("steady");
        register(owner);
        double refusedBefore = RefusedRecords.count("retention-service.data-owners");
        List<OwnedCategory> categories = List.of(new OwnedCategory(DataCategories.CHAT_MESSAGE, List.of(owner + "-db")));
        EventEnvelope<DataOwnerRegistered> forged = EventEnvelope.of(owner, null, new DataOwnerRegistered(owner,
                categories, Instant.now(), FakeOwnerServer.attackerUrl(owner)));

        // unsigned; signed in the owner's name with a key nobody trusts; signed by another service, as this owner
        TopicWriter.sendUnsigned(forged);
        TopicWriter.sendSignedBy(TestEventKeys.impostor(owner), forged);
        TopicWriter.send(EventEnvelope.of("chat-service", null, new DataOwnerRegistered(owner, categories,
                Instant.now(), FakeOwnerServer.attackerUrl(owner))));

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> RefusedRecords.count("retention-service.data-owners") - refusedBefore >= 3);
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        assertEquals(FakeOwnerServer.exportUrl(owner), dpo.request().get("/api/data-owners").then().statusCode(200)
                .extract().jsonPath().getString("find { it.name == '" + owner + "' }.exportUrl"));
        TestSubject user = TestSubject.withRole(Roles.USER);
        String id = user.request().post("/api/requests/access").then().statusCode(202).extract().path("id");
        awaitStatus(user, id, "ready");
        assertEquals(List.of(), FakeOwnerServer.ATTACKER_SAW);
    }

    @Test
    void anExportUrlOutsideTheAllowListGetsNoTokenEvenFromATrustedOwner() {
        String owner = owner("misconfigured");
        TopicWriter.send(EventEnvelope.of(owner, null, new DataOwnerRegistered(owner, List.of(
                new OwnedCategory(DataCategories.CHAT_MESSAGE, List.of(owner + "-db"))), Instant.now(),
                FakeOwnerServer.attackerUrl(owner))));
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/data-owners").then()
                .extract().jsonPath().getList("name").contains(owner));

        String id = dpo.request().body(Map.of("subjectId", UUID.randomUUID().toString())).post("/api/requests/access")
                .then().statusCode(202).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/requests/" + id).then()
                .extract().jsonPath().getInt("owners.find { it.owner == '" + owner + "' }.attempts") >= 1);

        JsonPath waiting = dpo.request().get("/api/requests/" + id).then().statusCode(200)
                .body("status", equalTo("collecting")).extract().jsonPath();
        assertEquals("the owner's export URL is not under confidant.retention.export-base-urls; no token was sent",
                waiting.getString("owners.find { it.owner == '" + owner + "' }.lastError"));
        assertEquals(List.of(), FakeOwnerServer.ATTACKER_SAW);
        assertFalse(FakeOwnerServer.AUDIENCES.contains(owner), "no token was even asked for this owner");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() throws Exception {
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        long before = ServiceDatabase.count("SELECT count(*) FROM access_request");
        dpo.request().post("/api/requests/access").then().statusCode(422).contentType("application/problem+json");
        dpo.request().body(Map.of("subjectId", "not-a-uuid")).post("/api/requests/access").then().statusCode(422)
                .body("errors[0].field", equalTo("subjectId"));
        TestSubject.withRole(Roles.AUDITOR).request().post("/api/requests/access").then().statusCode(403);
        TestSubject.withRole(Roles.AGENT).request().post("/api/requests/access").then().statusCode(403);
        io.restassured.RestAssured.given().contentType("application/json").post("/api/requests/access").then()
                .statusCode(401);
        assertEquals(before, ServiceDatabase.count("SELECT count(*) FROM access_request"));

        TestSubject user = TestSubject.withRole(Roles.USER);
        bundle(user, "not-an-id").then().statusCode(404);
        bundle(user, UUID.randomUUID()).then().statusCode(404);
        String erasure = user.request().post("/api/requests/erasure").then().statusCode(202).extract().path("id");
        bundle(user, erasure).then().statusCode(404);
    }
}
