package dev.confidant.retention;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.DeletionReason;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.OwnedCategory;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.PersonalDataDeleted;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TestTokens;
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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The data map from the owners' events, the owner registry, and the retention schedules. */
@QuarkusTest
@SuiteInfrastructure
class DataMapTest {

    @Test
    void aSubjectSeesWhatIsHeldWhereSinceWhenAndUntilWhen() throws Exception {
        UUID subject = UUID.randomUUID();
        String token = TestTokens.forSubject(subject, Roles.USER);
        Instant created = Instant.parse("2026-10-01T10:00:00Z");
        Instant active = Instant.parse("2026-11-01T10:00:00Z");
        TopicWriter.send(
                EventEnvelope.of("chat-service", subject, new PersonalDataCreated(DataCategories.CHAT_MESSAGE, "chat-db",
                        "conversation/c1", created, active)),
                EventEnvelope.of("chat-service", subject, new PersonalDataCreated(DataCategories.CHAT_MESSAGE, "chat-db",
                        "conversation/c2", created, created)),
                EventEnvelope.of("account-service", subject, new PersonalDataCreated(
                        DataCategories.ACCOUNT_SECURITY_LOG, "account-db", "security-log/1", created, null)),
                EventEnvelope.of("chat-service", subject, new PersonalDataDeleted(DataCategories.CHAT_MESSAGE, "chat-db",
                        "conversation/c2", active, DeletionReason.SUBJECT_ACTION)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token)
                .get("/api/data-map/me").then().extract().jsonPath().getList("items").size() == 2
                && ServiceDatabase.count("SELECT count(*) FROM data_item WHERE subject_id = ? AND reference = ?",
                subject, "conversation/c2") == 0);
        JsonPath map = given().auth().oauth2(token).get("/api/data-map/me").then().statusCode(200)
                .body("subjectId", equalTo(subject.toString())).extract().jsonPath();
        assertEquals(List.of("account.security-log", "chat.message"), map.getList("items.category"));
        assertEquals("account-service", map.getString("items[0].owner"));
        assertEquals(created.plus(90, ChronoUnit.DAYS).toString(), map.getString("items[0].expiresAt"));
        assertEquals(active.plus(180, ChronoUnit.DAYS).toString(), map.getString("items[1].expiresAt"),
                "a conversation's clock runs from its last activity");

        TestSubject other = TestSubject.withRole(Roles.USER);
        other.request().get("/api/data-map/me").then().statusCode(200).body("items", hasSize(0));
        other.request().get("/api/data-map/" + subject).then().statusCode(403);
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        dpo.request().get("/api/data-map/" + subject).then().statusCode(200).body("items", hasSize(2));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ? "
                + "AND data_subject_id = ?", dpo.id(), subject));
        dpo.request().get("/api/data-map/not-a-subject").then().statusCode(404);
    }

    @Test
    void anOwnersLatestAnnouncementIsWhatCounts() {
        String owner = "survey-service-" + UUID.randomUUID().toString().substring(0, 8);
        TopicWriter.send(EventEnvelope.of(owner, null, new DataOwnerRegistered(owner, List.of(
                        new OwnedCategory(DataCategories.CHAT_FEEDBACK, List.of("survey-db"))), Instant.now())),
                EventEnvelope.of(owner, null, new DataOwnerRegistered(owner, List.of(
                        new OwnedCategory(DataCategories.CHAT_FEEDBACK, List.of("survey-db", "survey-blobs")),
                        new OwnedCategory(DataCategories.AUDIT_ACCESS_LOG, List.of("survey-db"))), Instant.now())));
        TestSubject auditor = TestSubject.withRole(Roles.AUDITOR);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> categories = auditor.request().get("/api/data-owners").then().extract().jsonPath()
                    .getMap("find { it.name == '" + owner + "' }.categories");
            return categories != null && categories.size() == 2;
        });
        auditor.request().get("/api/data-owners").then().statusCode(200)
                .body("find { it.name == '" + owner + "' }.categories.'chat.feedback'",
                        equalTo(List.of("survey-db", "survey-blobs")));
        TestSubject.withRole(Roles.USER).request().get("/api/data-owners").then().statusCode(403);
    }

    @Test
    void aDpoChangesAScheduleWithAReasonAndEveryVersionIsKept() throws Exception {
        given().get("/api/schedules").then().statusCode(200)
                .body("find { it.category == 'chat.message' }.retentionDays", equalTo(180))
                .body("find { it.category == 'chat.message' }.clock", equalTo("last-activity"))
                .body("find { it.category == 'account.security-log' }.retentionDays", equalTo(90))
                .body("find { it.category == 'consent.evidence' }.retentionDays", equalTo(1826));
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        dpo.request().body(Map.of("retentionDays", 0, "reason", "")).put("/api/schedules/chat.feedback")
                .then().statusCode(422).body("errors.field", org.hamcrest.Matchers.hasItems("retentionDays", "reason"));
        TestSubject.withRole(Roles.AUDITOR).request().body(Map.of("retentionDays", 200, "reason", "x"))
                .put("/api/schedules/chat.feedback").then().statusCode(403);
        dpo.request().body(Map.of("retentionDays", 200, "reason", "x")).put("/api/schedules/horoscopes")
                .then().statusCode(404);
        int before = (int) ServiceDatabase.count("SELECT revision FROM retention_schedule WHERE category = 'chat.feedback'");
        dpo.request().body(Map.of("retentionDays", 200, "description", "200 days", "reason", "feedback analysis needs less"))
                .put("/api/schedules/chat.feedback").then().statusCode(200)
                .body("retentionDays", equalTo(200)).body("revision", equalTo(before + 1));
        given().get("/api/schedules/chat.feedback/revisions").then().statusCode(200)
                .body("[-1].reason", equalTo("feedback analysis needs less"))
                .body("[-1].changedBy", equalTo(dpo.id().toString()))
                .body("[0].retentionDays", equalTo(365));
    }
}
