package dev.confidant.retention;

import dev.confidant.platform.events.AccountDeletionRequested;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.MinorReportConfirmed;
import dev.confidant.platform.events.StoreCount;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Someone who can write to the broker but holds no service's key cannot start an erasure, nor complete one with a
 * certificate for data never erased. A genuine record still works afterwards.
 */
@QuarkusTest
@SuiteInfrastructure
class ForgedEventsTest {

    @Test
    void forgedAccountEventsStartNoErasure() throws Exception {
        UUID victim = UUID.randomUUID();
        double refusedBefore = RefusedRecords.count("retention-service.accounts");
        EventEnvelope<MinorReportConfirmed> report = EventEnvelope.of("account-service", victim,
                new MinorReportConfirmed(UUID.randomUUID(), Instant.now()));

        TopicWriter.sendUnsigned(report);
        TopicWriter.sendSignedBy(TestEventKeys.impostor("account-service"), report);
        TopicWriter.send(EventEnvelope.of("consent-service", victim, new MinorReportConfirmed(UUID.randomUUID(),
                Instant.now())));
        TopicWriter.send(EventEnvelope.of("chat-service", victim, new AccountDeletionRequested(Instant.now())));

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> RefusedRecords.count("retention-service.accounts") - refusedBefore >= 4);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM erasure_request WHERE subject_id = ?", victim));

        // the genuine producer is heard on the same partition
        TopicWriter.send(EventEnvelope.of("account-service", victim, new MinorReportConfirmed(UUID.randomUUID(),
                Instant.now())));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM erasure_request WHERE subject_id = ?", victim) == 1);
    }

    @Test
    void forgedAcknowledgementsCompleteNoErasure() throws Exception {
        String owner = "forged-ack-owner-" + UUID.randomUUID().toString().substring(0, 8);
        ErasureRequestTest.registerOwner(owner);
        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dpo.request().get("/api/data-owners").then()
                .extract().jsonPath().getList("name").contains(owner));
        TestSubject user = TestSubject.withRole(Roles.USER);
        String id = user.request().post("/api/requests/erasure").then().statusCode(202).extract().path("id");
        List<String> owners = user.request().get("/api/requests/" + id).then().statusCode(200)
                .extract().jsonPath().getList("owners.owner");
        double refusedBefore = RefusedRecords.count("retention-service.privacy-acks");

        for (String each : owners) {
            EventEnvelope<ErasureCompleted> lie = EventEnvelope.of(each, user.id(), new ErasureCompleted(
                    UUID.fromString(id), each, List.of(new StoreCount(each + "-db", DataCategories.CHAT_MESSAGE, 3,
                    Instant.now())), List.of()));
            TopicWriter.sendUnsigned(lie);
            TopicWriter.sendSignedBy(TestEventKeys.impostor(each), lie);
            // a trusted owner answering for another one
            String other = each.equals("chat-service") ? "consent-service" : "chat-service";
            TopicWriter.send(EventEnvelope.of(other, user.id(), new ErasureCompleted(UUID.fromString(id), each,
                    List.of(), List.of())));
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                RefusedRecords.count("retention-service.privacy-acks") - refusedBefore >= 3 * owners.size());
        user.request().get("/api/requests/" + id).then().statusCode(200).body("status", equalTo("in-progress"));
        user.request().get("/api/requests/" + id + "/certificate").then().statusCode(404);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM erasure_certificate c JOIN erasure_request r "
                + "ON r.id = c.request_id WHERE r.subject_id = ?", user.id()));

        ErasureRequestTest.acknowledgeAsEveryOwner(id, user.id(), user.token());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(user.request()
                .get("/api/requests/" + id).then().extract().path("status")));
    }
}
