package dev.confidant.consent;

import dev.confidant.platform.events.ConsentChanged;
import dev.confidant.platform.events.ConsentState;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.confidant.consent.ConsentApi.as;
import static dev.confidant.consent.ConsentApi.consentChanged;
import static dev.confidant.consent.ConsentApi.isConsentChanged;
import static dev.confidant.consent.ConsentApi.user;
import static dev.confidant.consent.ConsentApi.verifiedReceipt;
import static dev.confidant.consent.ConsentApi.visitor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A subject's choices: the ledger, receipts, the current state, decisions and the events other services project. */
@QuarkusTest
@SuiteInfrastructure
class ConsentTest {

    @Test
    void aChoiceIsAnsweredWithEveryPurposesState() {
        grantAnalyticsRefusePromotions(user()).then().statusCode(200)
                .body("recorded", hasSize(2))
                .body("receipts", hasSize(1))
                .body("purposes.find { it.purpose == 'analytics.usage' }.state", equalTo("granted"))
                .body("purposes.find { it.purpose == 'marketing.promotions' }.state", equalTo("denied"))
                .body("purposes.find { it.purpose == 'cookies.preferences' }.state", equalTo("not-set"))
                .body("purposes.find { it.purpose == 'service.provide' }.allowed", equalTo(true));
    }

    @Test
    void aChoiceIsReceiptedWithASignedConsentReceipt() throws Exception {
        ConsentApi.Subject subject = user();
        JsonPath receipt = verifiedReceipt(grantAnalyticsRefusePromotions(subject).path("receipts[0]"));
        assertEquals("KI-CR-v1.1.0", receipt.getString("version"));
        assertEquals(subject.id().toString(), receipt.getString("piiPrincipalId"));
        assertEquals("FR", receipt.getString("jurisdiction"));
        assertEquals("widget banner", receipt.getString("collectionMethod"));
        assertEquals("1", receipt.getString("policyVersion"));
        assertEquals(List.of(Purposes.USAGE_ANALYTICS, Purposes.PROMOTIONS),
                receipt.getList("services[0].purposes.collect { it.purposeCategory[0] }"));
        assertEquals(List.of(true, false), receipt.getList("services[0].purposes.consentGiven"));
        assertTrue(receipt.getString("piiControllers[0].piiController").length() > 0);
    }

    @Test
    void aChoiceIsAnnouncedForConsentBasedPurposesOnlyAndAsEvidence() throws Exception {
        ConsentApi.Subject subject = user();
        try (TopicReader consent = TopicReader.fromBeginning(Topics.CONSENT, Topics.PERSONAL_DATA)) {
            grantAnalyticsRefusePromotions(subject).then().statusCode(200);
            ConsumerRecord<String, byte[]> event = consent.await(r -> isConsentChanged(r, subject.id()), 1,
                    Duration.ofSeconds(10)).get(0);
            ConsentChanged changed = consentChanged(event);
            assertEquals(ConsentState.GRANTED, changed.purposes().get(Purposes.USAGE_ANALYTICS));
            assertEquals(ConsentState.DENIED, changed.purposes().get(Purposes.PROMOTIONS));
            assertEquals(ConsentState.DENIED, changed.purposes().get(Purposes.IMPROVE_SERVICE));
            assertTrue(!changed.purposes().containsKey(Purposes.PROVIDE_SERVICE), "only consent-based purposes");
            consent.await(r -> subject.id().toString().equals(r.key()) && ConsentApi.CODEC.decode(r.value()).payload()
                    instanceof PersonalDataCreated created
                    && created.category().equals(DataCategories.CONSENT_EVIDENCE), 1, Duration.ofSeconds(10));
        }
    }

    @Test
    void decisionsFollowTheChoiceOrThePurposesLawfulBasis() throws Exception {
        ConsentApi.Subject subject = user();
        grantAnalyticsRefusePromotions(subject).then().statusCode(200);
        subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200)
                .body("allowed", equalTo(true)).body("state", equalTo("granted"))
                .body("lawfulBasis", equalTo("consent")).body("policyVersion", equalTo("1"))
                .body("ledgerEntryId", equalTo(ServiceDatabase.text("SELECT id::text FROM ledger_entry "
                        + "WHERE subject_id = ? AND purpose = ?", subject.id(), Purposes.USAGE_ANALYTICS)));
        subject.decision(Purposes.PROMOTIONS).then().statusCode(200)
                .body("allowed", equalTo(false)).body("reason", containsString("withdrawn"));
        subject.decision(Purposes.ANSWER_QUESTIONS).then().statusCode(200)
                .body("allowed", equalTo(true)).body("reason", containsString("contract"));
        subject.decision(Purposes.PREVENT_ABUSE).then().statusCode(200)
                .body("allowed", equalTo(true)).body("reason", containsString("legitimate-interests"));
        subject.decision(Purposes.COOKIES_ANALYTICS).then().statusCode(200)
                .body("allowed", equalTo(false)).body("reason", equalTo("no consent recorded"));
    }

    @Test
    void aChoiceIsLedgeredWithItsNetworkAndShownInTheSubjectsHistory() throws Exception {
        ConsentApi.Subject subject = user();
        grantAnalyticsRefusePromotions(subject).then().statusCode(200);
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ? "
                + "AND client_network = '" + subject.clientNetworkPrefix() + "0/24' AND method = 'BANNER' "
                + "AND actor = 'SUBJECT'", subject.id()));
        subject.request().get("/api/consents/me/receipts").then().statusCode(200).body("$", hasSize(1));
        subject.request().get("/api/consents/me/history").then().statusCode(200).body("$", hasSize(2))
                .body("action", equalTo(List.of("grant", "withdraw")));
    }

    /** The banner's "let me choose": analytics granted, promotions refused, in France. */
    private static Response grantAnalyticsRefusePromotions(ConsentApi.Subject subject) {
        return subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true, Purposes.PROMOTIONS, false),
                "method", "banner", "jurisdiction", "FR"));
    }

    @Test
    void withdrawingIsOneCallAndReachesTheTopicWithinASecond() throws Exception {
        ConsentApi.Subject subject = user();
        try (TopicReader consent = TopicReader.fromBeginning(Topics.CONSENT)) {
            subject.grant(Purposes.IMPROVE_SERVICE).then().statusCode(200);
            consent.await(r -> isConsentChanged(r, subject.id()), 1, Duration.ofSeconds(10));

            long start = System.nanoTime();
            subject.request().delete("/api/consents/me/" + Purposes.IMPROVE_SERVICE).then().statusCode(200)
                    .body("purposes.find { it.purpose == 'service.improve' }.state", equalTo("denied"))
                    .body("receipts", hasSize(1));
            ConsumerRecord<String, byte[]> withdrawal = consent.await(r -> isConsentChanged(r, subject.id())
                    && consentChanged(r).purposes().get(Purposes.IMPROVE_SERVICE) == ConsentState.DENIED, 1,
                    Duration.ofSeconds(1)).get(0);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "withdrawal reached the topic after " + millis + " ms");
            assertEquals(ServiceDatabase.text("SELECT id::text FROM ledger_entry WHERE subject_id = ? "
                    + "AND action = 'WITHDRAW'", subject.id()), consentChanged(withdrawal).ledgerEntryId().toString());
        }
        subject.decision(Purposes.IMPROVE_SERVICE).then().body("allowed", equalTo(false));
    }

    @Test
    void theSameChoiceAgainRecordsNothing() throws Exception {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200).body("recorded", hasSize(1));
        subject.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200).body("recorded", hasSize(0))
                .body("receipts", hasSize(0));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", subject.id()));
    }

    @Test
    void badChoicesAreRefusedAndStoreNothing() throws Exception {
        ConsentApi.Subject subject = user();
        subject.choose(Map.of("choices", Map.of("telepathy", true, Purposes.USAGE_ANALYTICS, true)))
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("choices.telepathy"));
        subject.choose(Map.of("choices", Map.of(Purposes.PROVIDE_SERVICE, false)))
                .then().statusCode(422).body("errors[0].message", containsString("contract"));
        subject.choose(Map.of("choices", Map.of())).then().statusCode(422).body("errors.field", hasItem("choices"));
        subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true), "policyVersion", "no-such"))
                .then().statusCode(422).body("errors.field", hasItem("policyVersion"));
        subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true), "jurisdiction", "France"))
                .then().statusCode(422).body("errors.field", hasItem("jurisdiction"));
        subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true), "method", "gpc"))
                .then().statusCode(422);
        subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, "yes please")))
                .then().statusCode(400).contentType("application/problem+json");
        subject.request().body("{\"choices\": ").post("/api/consents/me").then().statusCode(400)
                .contentType("application/problem+json");
        subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true), "colour", "blue"))
                .then().statusCode(400);
        subject.request().delete("/api/consents/me/telepathy").then().statusCode(404)
                .contentType("application/problem+json");
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", subject.id()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM consent_state WHERE subject_id = ?", subject.id()));
    }

    @Test
    void aSubjectCannotFloodTheLedger() throws Exception {
        ConsentApi.Subject subject = user();
        for (int i = 0; i < 60; i++) {
            subject.choose(Map.of("choices", Map.of(Purposes.PROMOTIONS, i % 2 == 0))).then().statusCode(200);
        }
        subject.choose(Map.of("choices", Map.of(Purposes.PROMOTIONS, true))).then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertEquals(60, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", subject.id()));
        user().grant(Purposes.PROMOTIONS).then().statusCode(200); // others are not affected
    }

    @Test
    void aGpcSignalRefusesTheNonEssentialPurposesOnceAndALaterGrantStands() throws Exception {
        ConsentApi.Subject subject = visitor();
        subject.request().header("Sec-GPC", "1").get("/api/consents/me").then().statusCode(200)
                .body("recorded", hasSize(4))
                .body("purposes.find { it.purpose == 'analytics.usage' }.state", equalTo("denied"))
                .body("purposes.find { it.purpose == 'cookies.analytics' }.state", equalTo("denied"))
                .body("purposes.find { it.purpose == 'service.improve' }.state", equalTo("not-set"));
        assertEquals(4, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ? "
                + "AND method = 'GPC' AND action = 'WITHDRAW'", subject.id()));
        assertEquals(List.of("analytics.usage", "cookies.analytics", "cookies.preferences", "marketing.promotions"),
                given().auth().oauth2(subject.token()).get("/api/consents/me/history").then().extract()
                        .jsonPath().getList("purpose"));

        // the subject then grants analytics explicitly, still sending the signal: the grant stands
        subject.request().header("Sec-GPC", "1").body(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true)))
                .post("/api/consents/me").then().statusCode(200).body("recorded", hasSize(1));
        subject.request().header("Sec-GPC", "1").get("/api/consents/me").then().statusCode(200)
                .body("recorded", hasSize(0))
                .body("purposes.find { it.purpose == 'analytics.usage' }.state", equalTo("granted"));
        subject.decision(Purposes.USAGE_ANALYTICS).then().body("allowed", equalTo(true));
    }

    @Test
    void oneClientAddressRecordsAtMost120FirstSignalsAMinuteAndRepeatedSignalsWriteNothing() throws Exception {
        String address = "203.0.113.77";
        ConsentApi.Subject first = visitor();
        for (int i = 0; i < 120; i++) {
            ConsentApi.Subject subject = i == 0 ? first : visitor();
            subject.from(address).header("Sec-GPC", "1").get("/api/consents/me").then().statusCode(200)
                    .body("recorded", hasSize(4));
        }
        ConsentApi.Subject refused = visitor();
        refused.from(address).header("Sec-GPC", "1").get("/api/consents/me").then().statusCode(429)
                .contentType("application/problem+json");
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", refused.id()));

        // a subject whose signal is recorded keeps reading its state with the signal, and nothing more is written
        for (int i = 0; i < 20; i++) {
            first.from(address).header("Sec-GPC", "1").get("/api/consents/me").then().statusCode(200)
                    .body("recorded", hasSize(0));
        }
        assertEquals(4, ServiceDatabase.count("SELECT count(*) FROM ledger_entry WHERE subject_id = ?", first.id()));
        refused.from("203.0.113.78").header("Sec-GPC", "1").get("/api/consents/me").then().statusCode(200)
                .body("recorded", hasSize(4));
    }

    @Test
    void aSignalOnTheFirstChoiceIsRecordedBeforeItSoTheChoiceWins() throws Exception {
        ConsentApi.Subject subject = visitor();
        subject.request().header("Sec-GPC", "1").body(Map.of("choices", Map.of(Purposes.COOKIES_PREFERENCES, true),
                "method", "banner")).post("/api/consents/me").then().statusCode(200)
                .body("recorded", hasSize(5)).body("receipts", hasSize(2))
                .body("purposes.find { it.purpose == 'cookies.preferences' }.state", equalTo("granted"))
                .body("purposes.find { it.purpose == 'cookies.analytics' }.state", equalTo("denied"));
    }

    @Test
    void decisionsAboutSomeoneElseAreForStaffOnly() throws Exception {
        ConsentApi.Subject subject = user();
        ConsentApi.Subject other = user();
        subject.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200);
        other.request().queryParam("subject", subject.id().toString()).queryParam("purpose", Purposes.USAGE_ANALYTICS)
                .get("/api/decisions").then().statusCode(403).contentType("application/problem+json");
        as(Roles.AGENT).queryParam("subject", subject.id().toString()).queryParam("purpose", Purposes.USAGE_ANALYTICS)
                .get("/api/decisions").then().statusCode(200).body("allowed", equalTo(true));
        // a staff member's look at someone's choices is in the staff access log; the subject's own is not
        subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200);
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE data_subject_id = ? "
                + "AND resource = ?", subject.id(), "decision/" + Purposes.USAGE_ANALYTICS));
        subject.decision("telepathy").then().statusCode(404);
        subject.request().queryParam("subject", "me").queryParam("purpose", Purposes.USAGE_ANALYTICS)
                .get("/api/decisions").then().statusCode(400);
        given().queryParam("subject", subject.id().toString()).queryParam("purpose", Purposes.USAGE_ANALYTICS)
                .get("/api/decisions").then().statusCode(401);
        // there is no endpoint to read another subject's consents: /me is always the caller's own
        other.request().get("/api/consents/me").then().statusCode(200)
                .body("subjectId", equalTo(other.id().toString()))
                .body("purposes.find { it.purpose == 'analytics.usage' }.state", equalTo("not-set"));
        as(Roles.AUDITOR).body(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true)))
                .post("/api/consents/me").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true)))
                .post("/api/consents/me").then().statusCode(401);
    }
}
