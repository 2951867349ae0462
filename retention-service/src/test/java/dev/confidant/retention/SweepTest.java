package dev.confidant.retention;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.ExpiryCompleted;
import dev.confidant.platform.events.OwnedCategory;
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
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep expires what its schedule says, except held subjects', and the overdue report agrees. */
@QuarkusTest
@SuiteInfrastructure
class SweepTest {

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void aCompletedSweepLeavesNothingOverdueExceptHeldData() throws Exception {
        String owner = "upload-owner-" + UUID.randomUUID().toString().substring(0, 8);
        TopicWriter.send(EventEnvelope.of(owner, null, new DataOwnerRegistered(owner, List.of(
                new OwnedCategory(DataCategories.CHAT_UPLOAD, List.of(owner + "-blobs"))), Instant.now())));
        UUID expired = UUID.randomUUID();
        UUID held = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        Instant old = Instant.now().minus(40, ChronoUnit.DAYS);
        for (UUID subject : List.of(expired, held, fresh)) {
            Instant created = subject.equals(fresh) ? Instant.now().minus(1, ChronoUnit.DAYS) : old;
            TopicWriter.send(EventEnvelope.of(owner, subject, new PersonalDataCreated(DataCategories.CHAT_UPLOAD,
                    owner + "-blobs", "upload/" + subject, created, null)));
        }
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        dpo.request().body(Map.of("subjectId", held.toString(), "caseReference", "CASE-7", "reason", "dispute"))
                .post("/api/holds").then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM data_item WHERE owner = ?", owner) == 3
                && dpo.request().get("/api/data-owners").then().extract().jsonPath().getList("name").contains(owner));
        dpo.request().get("/api/compliance/overdue").then().statusCode(200)
                .body("items.subjectId", hasItem(expired.toString()))
                .body("items.subjectId", not(hasItem(held.toString())))
                .body("items.subjectId", not(hasItem(fresh.toString())));

        JsonPath sweep;
        try (TopicReader commands = TopicReader.fromBeginning(Topics.PRIVACY_COMMANDS)) {
            sweep = dpo.request().post("/api/sweeps").then().statusCode(202).extract().jsonPath();
            String id = sweep.getString("id");
            ExpireRecords uploads = commands.await(r -> DataCategories.CHAT_UPLOAD.equals(r.key())
                    && CODEC.decode(r.value()).payload() instanceof ExpireRecords e && e.sweepId().toString().equals(id),
                    1, Duration.ofSeconds(10)).stream().map(r -> (ExpireRecords) CODEC.decode(r.value()).payload())
                    .findFirst().orElseThrow();
            assertTrue(uploads.heldSubjects().contains(held), "held subjects are excepted");
            long days = Duration.between(uploads.expiredBefore(), Instant.now()).toDays();
            assertTrue(days >= 29 && days <= 30, "30 days for uploads: " + days);
        }
        // every owner answers, as the real services would
        String id = sweep.getString("id");
        for (Map<String, Object> command : sweep.<Map<String, Object>>getList("commands")) {
            TopicWriter.send(EventEnvelope.of((String) command.get("owner"), null, new ExpiryCompleted(UUID.fromString(id),
                    (String) command.get("owner"), (String) command.get("category"),
                    List.of(new StoreCount(command.get("owner") + "-store", (String) command.get("category"), 1,
                            Instant.now())))));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/sweeps/" + id)
                .then().extract().path("completedAt") != null);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM data_item WHERE subject_id = ?", expired));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM data_item WHERE subject_id = ?", held));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM data_item WHERE subject_id = ?", fresh));
        dpo.request().get("/api/compliance/overdue").then().statusCode(200)
                .body("count", org.hamcrest.Matchers.equalTo(0));
        TestSubject.withRole(Roles.USER).request().post("/api/sweeps").then().statusCode(403);
    }
}
