package dev.confidant.retention;

import dev.confidant.platform.events.AccountDeletionRequested;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.OwnedCategory;
import dev.confidant.platform.events.RetainedData;
import dev.confidant.platform.events.StoreCount;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.security.Secrets;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicReader;
import dev.confidant.platform.testing.TopicWriter;
import dev.confidant.retention.service.ErasureRequests;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Erasure requests from receipt to certificate: every owner must answer; holds make them wait. */
@QuarkusTest
@SuiteInfrastructure
class ErasureRequestTest {

    private static final EventCodec CODEC = new EventCodec();

    @Inject
    ErasureRequests requests;

    static void registerOwner(String owner) {
        TopicWriter.send(EventEnvelope.of(owner, null, new DataOwnerRegistered(owner, List.of(
                new OwnedCategory(DataCategories.CHAT_MESSAGE, List.of(owner + "-db"))), Instant.now())));
    }

    /** Every owner the request waits for answers, as the real services would. */
    static void acknowledgeAsEveryOwner(String requestId, UUID subject, String token) {
        List<String> owners = given().auth().oauth2(token).get("/api/requests/" + requestId).then().statusCode(200)
                .extract().jsonPath().getList("owners.owner");
        for (String owner : owners) {
            List<RetainedData> retained = owner.startsWith("evidence") ? List.of(new RetainedData(
                    DataCategories.CONSENT_EVIDENCE, owner + "-db", "legal obligation", "consent evidence, 5 years"))
                    : List.of();
            TopicWriter.send(EventEnvelope.of(owner, subject, new ErasureCompleted(UUID.fromString(requestId), owner,
                    List.of(new StoreCount(owner + "-db", DataCategories.CHAT_MESSAGE, 3, Instant.now())), retained)));
        }
    }

    @Test
    void aSubjectsRequestCompletesWhenEveryOwnerHasAnsweredWithASignedCertificate() throws Exception {
        String owner = "evidence-owner-" + UUID.randomUUID().toString().substring(0, 8);
        registerOwner(owner);
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/data-owners").then()
                .extract().jsonPath().getList("name").contains(owner));

        TestSubject user = TestSubject.withRole(Roles.USER);
        String id;
        String receipt;
        try (TopicReader commands = TopicReader.fromBeginning(Topics.PRIVACY_COMMANDS)) {
            JsonPath received = user.request().post("/api/requests/erasure").then().statusCode(202)
                    .header("Cache-Control", "no-store")
                    .body("status", equalTo("in-progress")).body("origin", equalTo("subject"))
                    .body("owners.owner", hasItem(owner)).body("daysLeft", org.hamcrest.Matchers.greaterThanOrEqualTo(27))
                    .extract().jsonPath();
            id = received.getString("id");
            receipt = received.getString("receipt");
            String requestId = id;
            ErasureRequested command = (ErasureRequested) CODEC.decode(commands.await(r -> user.id().toString()
                    .equals(r.key()), 1, Duration.ofSeconds(10)).get(0).value()).payload();
            assertEquals(requestId, command.requestId().toString());
        }
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM erasure_receipt WHERE receipt_sha256 = ?",
                Secrets.hash(receipt)), "a receipt is stored as its digest only");
        // once this service has erased what it holds of the subject, their token creates nothing new here: it reads
        // the request and its certificate, and nothing else
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM confidant_revoked_subject WHERE subject_id = ?", user.id()) == 1);
        user.request().post("/api/requests/erasure").then().statusCode(401);
        user.request().post("/api/requests/access").then().statusCode(401);
        user.request().get("/api/data-map/me").then().statusCode(401);
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM erasure_receipt WHERE request_id = ?::uuid", id));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM access_request WHERE subject_id = ?", user.id()));
        TestSubject.withRole(Roles.USER).request().get("/api/requests/" + id).then().statusCode(404);
        user.request().get("/api/requests/" + id + "/certificate").then().statusCode(404);
        given().get("/api/receipts/" + receipt).then().statusCode(200).header("Cache-Control", "no-store")
                .body("request.id", equalTo(id)).body("request.status", equalTo("in-progress"))
                .body("request", not(hasKey("receipt"))).body("$", not(hasKey("certificate")));
        for (String wrong : List.of(receipt.substring(1), receipt + "x", "not-a-receipt", "x".repeat(500))) {
            given().get("/api/receipts/" + wrong).then().statusCode(404)
                    .contentType(Problem.MEDIA_TYPE).body("detail", not(containsString(wrong)));
        }

        acknowledgeAsEveryOwner(id, user.id(), user.token());
        String requestId = id;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(user.request()
                .get("/api/requests/" + requestId).then().extract().path("status")));

        JsonPath certificate = user.request().get("/api/requests/" + id + "/certificate").then().statusCode(200)
                .body("jws", notNullValue()).extract().jsonPath();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(certificate.getString("jws"));
        JsonWebKey key = new JsonWebKeySet(given().get("/.well-known/jwks.json").then().statusCode(200).extract()
                .asString()).getJsonWebKeys().stream().filter(k -> k.getKeyId().equals(jws.getKeyIdHeaderValue()))
                .findFirst().orElseThrow();
        jws.setKey(key.getKey());
        assertTrue(jws.verifySignature(), "the certificate verifies with the published key");
        for (String held : List.of(receipt)) {
            given().get("/api/receipts/" + held).then().statusCode(200).body("request.status", equalTo("completed"))
                    .body("certificate.jws", equalTo(certificate.getString("jws")));
        }
        JsonPath content = new JsonPath(jws.getPayload());
        assertEquals(id, content.getString("requestId"));
        assertEquals(user.id().toString(), content.getString("subjectId"));
        assertEquals(3, content.getInt("owners.find { it.owner == '" + owner + "' }.erased[0].count"));
        assertEquals("legal obligation", content.getString("owners.find { it.owner == '" + owner
                + "' }.retained[0].legalBasis"));
        TestSubject.withRole(Roles.AUDITOR).request().get("/api/requests/" + id + "/certificate").then().statusCode(200);
    }

    @Test
    void aHeldSubjectsRequestWaitsUntilTheHoldIsReleased() throws Exception {
        UUID subject = UUID.randomUUID();
        String token = TestTokens.forSubject(subject, Roles.USER);
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        String hold = dpo.request().body(Map.of("subjectId", subject.toString(), "caseReference", "CASE-42",
                "reason", "pending litigation")).post("/api/holds").then().statusCode(201).extract().path("id");
        dpo.request().body(Map.of("subjectId", subject.toString(), "caseReference", "")).post("/api/holds")
                .then().statusCode(422);
        TestSubject.withRole(Roles.AUDITOR).request().body(Map.of("subjectId", subject.toString(), "caseReference", "X",
                "reason", "y")).post("/api/holds").then().statusCode(403);

        String receipt = Secrets.generate();
        TopicWriter.send(EventEnvelope.of("account-service", subject, new AccountDeletionRequested(Instant.now(),
                Secrets.hash(receipt))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM erasure_request WHERE subject_id = ?", subject) == 1);
        String id = ServiceDatabase.text("SELECT id::text FROM erasure_request WHERE subject_id = ?", subject);
        // the subject and the receipt holder learn that it is held, never the case or its reason; the DPO sees both
        given().auth().oauth2(token).get("/api/requests/" + id).then().statusCode(200)
                .body("status", equalTo("held")).body("$", not(hasKey("heldReason")))
                .body(not(containsString("CASE-42"))).body(not(containsString("litigation")))
                .body("origin", equalTo("account-deletion"));
        given().auth().oauth2(token).get("/api/requests/mine").then().statusCode(200)
                .body(not(containsString("CASE-42"))).body(not(containsString("litigation")));
        given().get("/api/receipts/" + receipt).then().statusCode(200).body("request.status", equalTo("held"))
                .body(not(containsString("CASE-42"))).body(not(containsString("litigation")));
        dpo.request().get("/api/requests/" + id).then().statusCode(200)
                .body("heldReason", equalTo("CASE-42: pending litigation"));
        dpo.request().get("/api/requests").then().statusCode(200).body("id", hasItem(id));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM erasure_request WHERE id = ?::uuid "
                + "AND dispatched_at IS NOT NULL", id), "no command while held");

        try (TopicReader commands = TopicReader.fromBeginning(Topics.PRIVACY_COMMANDS)) {
            dpo.request().delete("/api/holds/" + hold).then().statusCode(200).body("releasedBy", equalTo(dpo.id().toString()));
            commands.await(r -> subject.toString().equals(r.key()), 1, Duration.ofSeconds(10));
        }
        given().auth().oauth2(token).get("/api/requests/" + id).then().body("status", equalTo("in-progress"));
        acknowledgeAsEveryOwner(id, subject, token);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(given().auth().oauth2(token)
                .get("/api/requests/" + id).then().extract().path("status")));
        // account-service handed the holder the receipt; their tokens are long revoked
        given().get("/api/receipts/" + receipt).then().statusCode(200).body("request.id", equalTo(id))
                .body("request.origin", equalTo("account-deletion")).body("certificate.certificate.subjectId",
                        equalTo(subject.toString()));
    }

    @Test
    void anAccountHoldersErasureNeedsARecentSignInAVisitorsDoesNot() throws Exception {
        long longAgo = Instant.now().minus(Duration.ofMinutes(20)).getEpochSecond();
        UUID holder = UUID.randomUUID();
        String stale = TestTokens.sign(TestTokens.claims(holder, Roles.USER).claim("auth_time", longAgo));

        given().auth().oauth2(stale).contentType("application/json").post("/api/requests/erasure").then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM erasure_request WHERE subject_id = ?", holder));

        // a visitor has no password to confirm: the token is all there is
        UUID visitor = UUID.randomUUID();
        given().auth().oauth2(TestTokens.sign(TestTokens.claims(visitor, Roles.VISITOR).claim("auth_time", longAgo)))
                .contentType("application/json").post("/api/requests/erasure").then().statusCode(202);
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM erasure_request WHERE subject_id = ?", visitor));
    }

    @Test
    void aDpoExtendsADeadlineOnceWithAReason() {
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        UUID subject = UUID.randomUUID();
        JsonPath request = dpo.request().body(Map.of("subjectId", subject.toString())).post("/api/requests/erasure")
                .then().statusCode(202).body("origin", equalTo("dpo")).body("$", not(hasKey("receipt")))
                .extract().jsonPath();
        String id = request.getString("id");
        Instant received = Instant.parse(request.getString("receivedAt"));
        dpo.request().body(Map.of()).post("/api/requests/" + id + "/extension").then().statusCode(422);
        dpo.request().body(Map.of("reason", "the request covers backups still being restored"))
                .post("/api/requests/" + id + "/extension").then().statusCode(200)
                .body("deadline", equalTo(received.atZone(ZoneOffset.UTC).plusMonths(3).toInstant().toString()));
        dpo.request().body(Map.of("reason", "again")).post("/api/requests/" + id + "/extension").then().statusCode(409);
        TestSubject.withRole(Roles.USER).request().body(Map.of("reason", "x"))
                .post("/api/requests/" + id + "/extension").then().statusCode(403);
        dpo.request().body(Map.of("subjectId", "someone")).post("/api/requests/erasure").then().statusCode(422);
    }

    @Test
    void anOwnerThatHasNotAnsweredGetsTheCommandAgain() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String id = user.request().post("/api/requests/erasure").then().statusCode(202).extract().path("id");
        try (TopicReader commands = TopicReader.fromBeginning(Topics.PRIVACY_COMMANDS)) {
            commands.await(r -> user.id().toString().equals(r.key()), 1, Duration.ofSeconds(10));
            QuarkusMock.installMockForType(Clock.fixed(Instant.now().plus(11, ChronoUnit.MINUTES), ZoneOffset.UTC),
                    Clock.class);
            assertTrue(requests.redispatchOverdue() >= 1);
            List<ErasureRequested> sent = commands.await(r -> user.id().toString().equals(r.key()), 2,
                    Duration.ofSeconds(10)).stream().map(r -> (ErasureRequested) CODEC.decode(r.value()).payload()).toList();
            assertEquals(id, sent.get(1).requestId().toString(), "the same request, sent again");
        }
    }

    @Test
    void afterARestoreTheReplaySendsCompletedErasuresAgainAndKeepsTheirCertificates() throws Exception {
        String owner = "restored-owner-" + UUID.randomUUID().toString().substring(0, 8);
        registerOwner(owner);
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/data-owners").then()
                .extract().jsonPath().getList("name").contains(owner));
        Instant backupTaken = Instant.now().minusSeconds(60);
        TestSubject user = TestSubject.withRole(Roles.USER);
        String id = user.request().post("/api/requests/erasure").then().statusCode(202).extract().path("id");
        acknowledgeAsEveryOwner(id, user.id(), dpo.token());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(dpo.request()
                .get("/api/requests/" + id).then().extract().path("status")));
        String jws = dpo.request().get("/api/requests/" + id + "/certificate").then().statusCode(200).extract()
                .path("jws");

        // the backup brought the subject's records back
        ServiceDatabase.execute("INSERT INTO data_item (subject_id, owner, category, store, reference, created_at) "
                + "VALUES (?, ?, 'chat.message', ?, 'conversation/restored', now())", user.id(), owner, owner + "-db");
        long replaysBefore = ServiceDatabase.count("SELECT count(*) FROM erasure_replay");
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("reason", "restored"),
                Map.of("since", "yesterday", "reason", "restored"), Map.of("since", backupTaken.toString()),
                Map.of("since", Instant.now().plusSeconds(3600).toString(), "reason", "restored"))) {
            dpo.request().body(bad).post("/api/requests/erasure/replay").then().statusCode(422)
                    .contentType(Problem.MEDIA_TYPE);
        }
        TestSubject.withRole(Roles.USER).request().body(Map.of("since", backupTaken.toString(), "reason", "x"))
                .post("/api/requests/erasure/replay").then().statusCode(403);
        TestSubject.withRole(Roles.AUDITOR).request().body(Map.of("since", backupTaken.toString(), "reason", "x"))
                .post("/api/requests/erasure/replay").then().statusCode(403);
        assertEquals(replaysBefore, ServiceDatabase.count("SELECT count(*) FROM erasure_replay"), "refused: nothing");

        try (TopicReader commands = TopicReader.fromBeginning(Topics.PRIVACY_COMMANDS)) {
            commands.await(r -> user.id().toString().equals(r.key()), 1, Duration.ofSeconds(10));
            JsonPath replay = dpo.request().body(Map.of("since", backupTaken.toString(), "reason",
                    "chat-db restored from the backup of " + backupTaken)).post("/api/requests/erasure/replay").then()
                    .statusCode(202).extract().jsonPath();
            assertTrue(replay.getInt("requests") >= 1, replay.prettify());
            List<ErasureRequested> sent = commands.await(r -> user.id().toString().equals(r.key()), 2,
                    Duration.ofSeconds(10)).stream().map(r -> (ErasureRequested) CODEC.decode(r.value()).payload())
                    .toList();
            assertEquals(id, sent.get(1).requestId().toString(), "the completed request, sent again");
        }
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM data_item WHERE subject_id = ?", user.id()),
                "the restored records of the erased subject are gone again");
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM erasure_replay WHERE requested_by = ? AND "
                + "reason LIKE 'chat-db restored%'", dpo.id()), "who replayed, and why, is recorded");
        // the owners answer again; the request stays completed with its first certificate
        acknowledgeAsEveryOwner(id, user.id(), dpo.token());
        Thread.sleep(500);
        dpo.request().get("/api/requests/" + id).then().statusCode(200).body("status", equalTo("completed"));
        dpo.request().get("/api/requests/" + id + "/certificate").then().statusCode(200).body("jws", equalTo(jws));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM erasure_certificate WHERE request_id = ?::uuid",
                id));
    }
}
