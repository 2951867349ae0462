package dev.confidant.consent;

import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.ConsentState;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.ExpiryCompleted;
import dev.confidant.platform.events.OwnedCategory;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.events.RetainedData;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.events.VisitorLinked;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.RefusedRecords;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestEventKeys;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicReader;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.consent.ConsentApi.as;
import static dev.confidant.consent.ConsentApi.consentChanged;
import static dev.confidant.consent.ConsentApi.isConsentChanged;
import static dev.confidant.consent.ConsentApi.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** retention-service's commands, account-service's events, and this service's answers. */
@QuarkusTest
@SuiteInfrastructure
class ErasureTest {

    @Test
    void aForgedErasureRequestErasesNothing() throws Exception {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200);
        long stateRows = ServiceDatabase.count("SELECT count(*) FROM consent_state WHERE subject_id = ?", subject.id());
        double refusedBefore = RefusedRecords.count("consent-service.privacy-commands");
        EventEnvelope<ErasureRequested> erase = EventEnvelope.of("retention-service", subject.id(),
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.SUBJECT, Instant.now().plus(30, ChronoUnit.DAYS)));

        TopicWriter.sendUnsigned(erase);
        TopicWriter.sendSignedBy(TestEventKeys.impostor("retention-service"), erase);
        TopicWriter.send(EventEnvelope.of("chat-service", subject.id(), new ErasureRequested(UUID.randomUUID(),
                ErasureOrigin.SUBJECT, Instant.now().plus(30, ChronoUnit.DAYS))));

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> RefusedRecords.count("consent-service.privacy-commands") - refusedBefore >= 3);
        assertTrue(stateRows > 0);
        assertEquals(stateRows, ServiceDatabase.count("SELECT count(*) FROM consent_state WHERE subject_id = ?",
                subject.id()));
    }

    @Test
    void erasureDeletesTheCurrentStateKeepsTheEvidenceAndSaysSoOnce() throws Exception {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.USAGE_ANALYTICS, Purposes.IMPROVE_SERVICE).then().statusCode(200);
        as(Roles.AUDITOR).get("/api/audit/subjects/" + subject.id() + "/evidence").then().statusCode(200);
        EventEnvelope<ErasureRequested> command = EventEnvelope.of("retention-service", subject.id(),
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.SUBJECT, Instant.now().plus(30, ChronoUnit.DAYS)));
        EventEnvelope<ErasureRequested> marker = EventEnvelope.of("retention-service", subject.id(),
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.DPO, Instant.now().plus(30, ChronoUnit.DAYS)));
        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS)) {
            TopicWriter.send(command, command, marker); // the command redelivered, then a second request
            List<ConsumerRecord<String, byte[]>> received = acks.await(r -> subject.id().toString().equals(r.key()), 2,
                    Duration.ofSeconds(30));
            ErasureCompleted first = (ErasureCompleted) ConsentApi.CODEC.decode(received.get(0).value()).payload();
            ErasureCompleted second = (ErasureCompleted) ConsentApi.CODEC.decode(received.get(1).value()).payload();
            assertEquals(command.payload().requestId(), first.requestId());
            assertEquals(marker.payload().requestId(), second.requestId(), "no second acknowledgement of the replay");
            assertEquals("consent-service", first.owner());
            assertEquals(3, first.erased().get(0).count(), "two state rows and the subject row");
            assertEquals(0, second.erased().get(0).count());
            RetainedData evidence = first.retained().stream()
                    .filter(r -> r.category().equals(DataCategories.CONSENT_EVIDENCE)).findFirst().orElseThrow();
            assertEquals("legal obligation", evidence.legalBasis());
            assertTrue(first.retained().stream().anyMatch(r -> r.category().equals(DataCategories.AUDIT_ACCESS_LOG)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM consent_state WHERE subject_id = ?", subject.id()) == 0);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM consent_subject WHERE subject_id = ?", subject.id()));
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", subject.id()));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM consent_receipt WHERE subject_id = ?", subject.id()));
        as(Roles.AGENT).queryParam("subject", subject.id().toString()).queryParam("purpose", Purposes.USAGE_ANALYTICS)
                .get("/api/decisions").then().statusCode(200).body("allowed", equalTo(false));
        as(Roles.AUDITOR).get("/api/audit/ledger/verify").then().body("valid", equalTo(true));
        // the subject's earlier token is refused from now on: it cannot record new choices for an erased subject
        subject.grant(Purposes.USAGE_ANALYTICS).then().statusCode(401).contentType("application/problem+json");
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", subject.id()));
    }

    @Test
    void expiryTombstonesSupersededEvidenceAndTheChainStillVerifies() throws Exception {
        ConsentApi.Subject held = user();
        ConsentApi.Subject subject = user();
        ConsentApi.Subject current = user();
        for (ConsentApi.Subject s : List.of(held, subject)) {
            s.grant(Purposes.PROMOTIONS).then().statusCode(200);
            s.request().delete("/api/consents/me/" + Purposes.PROMOTIONS).then().statusCode(200);
        }
        current.grant(Purposes.PROMOTIONS).then().statusCode(200);
        UUID sweep = UUID.randomUUID();
        // a cutoff an hour ahead stands for "five years after": every entry above is older than it
        EventEnvelope<ExpireRecords> command = EventEnvelope.of("retention-service", null, new ExpireRecords(sweep,
                DataCategories.CONSENT_EVIDENCE, Instant.now().plus(1, ChronoUnit.HOURS), List.of(held.id())));
        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS)) {
            TopicWriter.send(command);
            ConsumerRecord<String, byte[]> ack = acks.await(r -> ConsentApi.CODEC.decode(r.value()).payload()
                    instanceof ExpiryCompleted done && done.sweepId().equals(sweep), 1, Duration.ofSeconds(30)).get(0);
            ExpiryCompleted done = (ExpiryCompleted) ConsentApi.CODEC.decode(ack.value()).payload();
            assertTrue(done.expired().get(0).count() >= 2, "the subject's grant and withdrawal at least");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM ledger_entry WHERE subject_id = ?", subject.id()) == 0);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM consent_receipt WHERE subject_id = ?", subject.id()));
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", held.id()));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", current.id()),
                "a grant still in force is evidence still needed");
        as(Roles.AUDITOR).get("/api/audit/ledger/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void aChildsOwnGrantDoesNotCountButAGuardiansDoes() throws Exception {
        ConsentApi.Subject child = user();
        child.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200);
        try (TopicReader consent = TopicReader.fromBeginning(Topics.CONSENT)) {
            TopicWriter.send(EventEnvelope.of("account-service", child.id(), new AccountRegistered(Instant.now(), true)));
            // the projection is told at once that the child's own grant no longer counts
            ConsumerRecord<String, byte[]> told = consent.await(r -> isConsentChanged(r, child.id())
                    && consentChanged(r).purposes().get(Purposes.USAGE_ANALYTICS) == ConsentState.DENIED, 1,
                    Duration.ofSeconds(30)).get(0);
            assertEquals(ConsentState.DENIED, consentChanged(told).purposes().get(Purposes.USAGE_ANALYTICS));
        }
        child.decision(Purposes.USAGE_ANALYTICS).then().body("allowed", equalTo(false))
                .body("reason", containsString("guardian"));
        UUID dpo = UUID.randomUUID();
        as(dpo, Roles.DPO).body(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true)))
                .post("/api/consents/" + child.id() + "/guardian").then().statusCode(200)
                .body("recorded[0].actor", equalTo("guardian")).body("recorded[0].method", equalTo("guardian"));
        child.decision(Purposes.USAGE_ANALYTICS).then().body("allowed", equalTo(true));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ? AND actor = 'GUARDIAN' "
                + "AND actor_id = ?", child.id(), dpo));
        // the child can still withdraw on their own
        child.request().delete("/api/consents/me/" + Purposes.USAGE_ANALYTICS).then().statusCode(200);
        child.decision(Purposes.USAGE_ANALYTICS).then().body("allowed", equalTo(false));
    }

    @Test
    void aVisitorsWidgetChoicesFollowThemIntoTheirAccount() throws Exception {
        ConsentApi.Subject visitor = ConsentApi.visitor();
        ConsentApi.Subject account = user();
        visitor.choose(Map.of("choices", Map.of(Purposes.COOKIES_PREFERENCES, true, Purposes.COOKIES_ANALYTICS, false,
                Purposes.USAGE_ANALYTICS, false), "method", "banner", "jurisdiction", "IT")).then().statusCode(200);
        account.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200);
        try (TopicReader consent = TopicReader.fromBeginning(Topics.CONSENT)) {
            TopicWriter.send(EventEnvelope.of("account-service", account.id(),
                    new VisitorLinked(visitor.id(), Instant.now())));
            consent.await(r -> isConsentChanged(r, account.id())
                    && consentChanged(r).purposes().get(Purposes.COOKIES_PREFERENCES) == ConsentState.GRANTED, 1,
                    Duration.ofSeconds(30));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ServiceDatabase.count(
                "SELECT count(*) FROM consent_state WHERE subject_id = ?", visitor.id()) == 0);
        account.request().get("/api/consents/me").then().statusCode(200)
                .body("purposes.find { it.purpose == 'cookies.preferences' }.state", equalTo("granted"))
                .body("purposes.find { it.purpose == 'cookies.analytics' }.state", equalTo("denied"))
                // the account's own choice wins over the visitor's
                .body("purposes.find { it.purpose == 'analytics.usage' }.state", equalTo("granted"));
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ? AND method = 'BANNER' "
                + "AND jurisdiction = 'IT'", account.id()));
        assertEquals(3, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", visitor.id()),
                "the visitor's entries stay as evidence");
    }

    @Test
    void theServiceAnnouncesWhatItOwns() {
        try (TopicReader owners = TopicReader.fromBeginning(Topics.DATA_OWNERS)) {
            ConsumerRecord<String, byte[]> record = owners.await(r -> "consent-service".equals(r.key()), 1,
                    Duration.ofSeconds(30)).get(0);
            DataOwnerRegistered registered = (DataOwnerRegistered) ConsentApi.CODEC.decode(record.value()).payload();
            assertTrue(registered.categories().contains(new OwnedCategory(DataCategories.CONSENT_EVIDENCE,
                    List.of("consent-db"))), registered.toString());
            assertEquals("http://localhost:8082/api/privacy/exports/", registered.exportUrl());
        }
    }

    @Test
    void anAccessRequestExportHoldsTheSubjectsStateChoicesAndReceipts() {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200);
        subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, false), "method", "settings"))
                .then().statusCode(200);

        io.restassured.RestAssured.given().auth().oauth2(TestTokens.privacyExport("consent-service", subject.id()))
                .get("/api/privacy/exports/" + subject.id()).then().statusCode(200)
                .body("owner", equalTo("consent-service"))
                .body("subjectId", equalTo(subject.id().toString()))
                .body("data.history.size()", equalTo(2))
                .body("data.history[0].action", equalTo("grant"))
                .body("data.history[1].action", equalTo("withdraw"))
                .body("data.receipts.size()", equalTo(2))
                .body("data.purposes.find { it.purpose == '" + Purposes.USAGE_ANALYTICS + "' }.state", equalTo("denied"));
        // the subject, and staff, use their own views; this endpoint is for retention-service's token only
        subject.request().get("/api/privacy/exports/" + subject.id()).then().statusCode(403);
        as(Roles.DPO).get("/api/privacy/exports/" + subject.id()).then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.privacyExport("consent-service", UUID.randomUUID()))
                .get("/api/privacy/exports/" + subject.id()).then().statusCode(403);
    }
}
