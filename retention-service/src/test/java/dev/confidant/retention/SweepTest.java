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
import dev.confidant.retention.service.Sweeps;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep expires what its schedule says, except held subjects', and the overdue report agrees. */
@QuarkusTest
@SuiteInfrastructure
class SweepTest {

    private static final EventCodec CODEC = new EventCodec();

    @Inject
    Sweeps sweeps;

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
        String id;
        try (TopicReader commands = TopicReader.fromBeginning(Topics.PRIVACY_COMMANDS)) {
            sweep = dpo.request().post("/api/sweeps").then().statusCode(202).extract().jsonPath();
            id = sweep.getString("id");
            List<String> categories = sweep.<String>getList("commands.category").stream().distinct().sorted()
                    .toList();
            assertTrue(categories.contains(DataCategories.CHAT_UPLOAD) && categories.size() > 1, "" + categories);
            Predicate<ConsumerRecord<String, byte[]>> ofThisSweep = r -> CODEC.decode(r.value()).payload()
                    instanceof ExpireRecords e && e.sweepId().toString().equals(id);
            // the categories go out one after another: the next once every owner has answered the last
            for (String category : categories) {
                commands.await(ofThisSweep.and(r -> category.equals(r.key())), 1, Duration.ofSeconds(10));
                JsonPath state = dpo.request().get("/api/sweeps/" + id).then().statusCode(200).extract().jsonPath();
                assertSentInTurn(state.getList("commands"));
                if (category.equals(DataCategories.CHAT_UPLOAD)) {
                    ExpireRecords uploads = commands.await(ofThisSweep.and(r -> category.equals(r.key())), 1,
                            Duration.ofSeconds(1)).stream().map(r -> (ExpireRecords) CODEC.decode(r.value()).payload())
                            .findFirst().orElseThrow();
                    assertTrue(uploads.heldSubjects().contains(held), "held subjects are excepted");
                    long days = Duration.between(uploads.expiredBefore(), Instant.now()).toDays();
                    assertTrue(days >= 29 && days <= 30, "30 days for uploads: " + days);
                }
                // every owner of the category that has not answered yet answers, as the real services would
                for (Map<String, Object> command : state.<Map<String, Object>>getList("commands")) {
                    if (category.equals(command.get("category")) && command.get("acknowledgedAt") == null) {
                        TopicWriter.send(EventEnvelope.of((String) command.get("owner"), null, new ExpiryCompleted(
                                UUID.fromString(id), (String) command.get("owner"), category,
                                List.of(new StoreCount(command.get("owner") + "-store", category, 1, Instant.now())))));
                    }
                }
            }
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

    /** Every command sent went out after every command of an earlier category had been answered. */
    private static void assertSentInTurn(List<Map<String, Object>> commands) {
        for (Map<String, Object> sent : commands) {
            if (sent.get("dispatchedAt") == null) {
                continue;
            }
            Instant dispatched = Instant.parse((String) sent.get("dispatchedAt"));
            for (Map<String, Object> earlier : commands) {
                if (((String) earlier.get("category")).compareTo((String) sent.get("category")) < 0) {
                    assertTrue(earlier.get("acknowledgedAt") != null
                                    && !Instant.parse((String) earlier.get("acknowledgedAt")).isAfter(dispatched),
                            sent.get("category") + " went out before " + earlier.get("category") + " was answered: "
                                    + commands);
                }
            }
        }
    }

    @Test
    void anOwnerThatDoesNotAnswerHoldsBackTheNextCategoryOnlyUntilItsCommandIsSentAgain() throws Exception {
        // a silent owner of the first category in order (no other category name sorts before it) and of the last
        String silent = "silent-owner-" + UUID.randomUUID().toString().substring(0, 8);
        TopicWriter.send(EventEnvelope.of(silent, null, new DataOwnerRegistered(silent, List.of(
                new OwnedCategory(DataCategories.ACCOUNT_PROFILE, List.of(silent + "-db")),
                new OwnedCategory(DataCategories.USAGE_ANALYTICS, List.of(silent + "-db"))), Instant.now())));
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/data-owners").then()
                .extract().jsonPath().getList("name").contains(silent));
        try (TopicReader commands = TopicReader.fromBeginning(Topics.PRIVACY_COMMANDS)) {
            JsonPath sweep = dpo.request().post("/api/sweeps").then().statusCode(202).extract().jsonPath();
            String id = sweep.getString("id");
            List<String> categories = sweep.<String>getList("commands.category").stream().distinct().sorted()
                    .toList();
            assertEquals(DataCategories.ACCOUNT_PROFILE, categories.get(0));
            assertTrue(categories.size() > 2, "" + categories);
            Predicate<ConsumerRecord<String, byte[]>> ofThisSweep = r -> CODEC.decode(r.value()).payload()
                    instanceof ExpireRecords e && e.sweepId().toString().equals(id);
            commands.await(ofThisSweep.and(r -> categories.get(0).equals(r.key())), 1, Duration.ofSeconds(10));
            assertEquals(1, commands.seenAfter(Duration.ofSeconds(1), ofThisSweep).size(),
                    "only the first category while its owner has not answered");

            // once its command is overdue it goes out again, and the next category with it
            QuarkusMock.installMockForType(Clock.fixed(Instant.now().plus(11, ChronoUnit.MINUTES), ZoneOffset.UTC),
                    Clock.class);
            assertTrue(sweeps.redispatchOverdue() >= 1);
            commands.await(ofThisSweep.and(r -> categories.get(0).equals(r.key())), 2, Duration.ofSeconds(10));
            commands.await(ofThisSweep.and(r -> categories.get(1).equals(r.key())), 1, Duration.ofSeconds(10));
            // the second category answered, the third goes out although the first is still unanswered
            for (Map<String, Object> command : dpo.request().get("/api/sweeps/" + id).then().extract().jsonPath()
                    .<Map<String, Object>>getList("commands")) {
                if (categories.get(1).equals(command.get("category")) && command.get("acknowledgedAt") == null) {
                    TopicWriter.send(EventEnvelope.of((String) command.get("owner"), null, new ExpiryCompleted(
                            UUID.fromString(id), (String) command.get("owner"), categories.get(1), List.of())));
                }
            }
            commands.await(ofThisSweep.and(r -> categories.get(2).equals(r.key())), 1, Duration.ofSeconds(10));
            dpo.request().get("/api/sweeps/" + id).then().statusCode(200)
                    .body("completedAt", org.hamcrest.Matchers.nullValue());
        }
    }
}
