package dev.confidant.consent;

import dev.confidant.consent.service.PolicyTakingEffect;
import dev.confidant.platform.events.ConsentState;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.PolicyVersionPublished;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.consent.ConsentApi.as;
import static dev.confidant.consent.ConsentApi.consentChanged;
import static dev.confidant.consent.ConsentApi.isConsentChanged;
import static dev.confidant.consent.ConsentApi.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The purpose catalogue and privacy policy versions: who may change them, and what a material change does. */
@QuarkusTest
@SuiteInfrastructure
class PolicyTest {

    @Inject
    PolicyTakingEffect policyTakingEffect;

    @Test
    void theCatalogueIsPublicWithOneLawfulBasisPerPurpose() {
        given().get("/api/purposes").then().statusCode(200)
                .body("find { it.code == 'service.provide' }.lawfulBasis", equalTo("contract"))
                .body("find { it.code == 'account.manage' }.lawfulBasis", equalTo("contract"))
                .body("find { it.code == 'questions.answer' }.lawfulBasis", equalTo("contract"))
                .body("find { it.code == 'abuse.prevent' }.lawfulBasis", equalTo("legitimate-interests"))
                .body("find { it.code == 'analytics.usage' }.lawfulBasis", equalTo("consent"))
                .body("find { it.code == 'marketing.promotions' }.lawfulBasis", equalTo("consent"))
                .body("find { it.code == 'service.improve' }.lawfulBasis", equalTo("consent"))
                .body("find { it.code == 'cookies.necessary' }.needsConsent", equalTo(false))
                .body("find { it.code == 'cookies.preferences' }.gpcRefusable", equalTo(true))
                .body("find { it.code == 'cookies.analytics' }.categories", hasItem("usage.analytics"));
        given().get("/api/purposes/telepathy").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aDpoEditsAPurposeAndEveryChangeIsARevision() throws Exception {
        UUID dpo = UUID.randomUUID();
        String code = "research.surveys-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> purpose = Map.of("title", "Surveys", "description", "Ask you about the service.",
                "lawfulBasis", "consent", "categories", List.of("account.profile"), "gpcRefusable", true,
                "reason", "new survey programme");
        as(dpo, Roles.DPO).body(purpose).put("/api/purposes/" + code).then().statusCode(201)
                .body("revision", equalTo(1)).body("needsConsent", equalTo(true));
        as(dpo, Roles.DPO).body(purpose).put("/api/purposes/" + code).then().statusCode(200).body("revision", equalTo(1));
        Map<String, Object> changed = new java.util.HashMap<>(purpose);
        changed.put("description", "Ask you, twice a year, about the service.");
        changed.put("reason", "say how often");
        as(dpo, Roles.DPO).body(changed).put("/api/purposes/" + code).then().statusCode(200).body("revision", equalTo(2));
        given().get("/api/purposes/" + code + "/revisions").then().statusCode(200).body("$", hasSize(2))
                .body("reason", equalTo(List.of("new survey programme", "say how often")))
                .body("changedBy", hasItem(dpo.toString()));
        // the new purpose can be granted at once
        user().grant(code).then().statusCode(200).body("recorded", hasSize(1));

        Map<String, Object> bad = new java.util.HashMap<>(purpose);
        bad.put("categories", List.of("horoscopes"));
        bad.put("lawfulBasis", "contract");
        as(dpo, Roles.DPO).body(bad).put("/api/purposes/" + code).then().statusCode(422)
                .body("errors.field", hasItem("categories")).body("errors.field", hasItem("gpcRefusable"));
        as(Roles.AUDITOR).body(changed).put("/api/purposes/" + code).then().statusCode(403);
        as(Roles.USER).body(changed).put("/api/purposes/" + code).then().statusCode(403);
        assertEquals(2, ServiceDatabase.count("SELECT revision FROM purpose WHERE code = ?", code));
    }

    @Test
    void publishingAVersionIsForADpoAndAnnounced() throws Exception {
        String version = "v-" + UUID.randomUUID().toString().substring(0, 8);
        Instant effective = ConsentApi.nextEffectiveTime(1);
        Map<String, Object> body = Map.of("version", version, "text", "Our policy, clarified.", "summary",
                "Clearer wording", "material", false, "effectiveAt", effective.toString());
        as(Roles.AUDITOR).body(body).post("/api/policies").then().statusCode(403);
        try (TopicReader consent = TopicReader.fromBeginning(Topics.CONSENT)) {
            as(Roles.DPO).body(body).post("/api/policies").then().statusCode(201)
                    .header("Location", containsString("/api/policies/" + version))
                    .body("sha256", equalTo(sha256("Our policy, clarified.")));
            PolicyVersionPublished published = (PolicyVersionPublished) consent.await(r -> "policy".equals(r.key())
                    && ((EventEnvelope<?>) ConsentApi.CODEC.decode(r.value())).payload()
                    instanceof PolicyVersionPublished p && p.version().equals(version), 1, Duration.ofSeconds(10))
                    .stream().map(r -> ConsentApi.CODEC.decode(r.value()).payload()).findFirst().orElseThrow();
            assertEquals(effective, published.effectiveAt());
        }
        as(Roles.DPO).body(body).post("/api/policies").then().statusCode(409);
        given().get("/api/policies/current").then().statusCode(200)
                .body("current.version", equalTo("1")).body("current.text", notNullValue())
                .body("upcoming.version", hasItem(version));
        given().get("/api/policies/" + version).then().statusCode(200).body("text", equalTo("Our policy, clarified."));
    }

    @Test
    void badVersionsAreRefusedAndNothingIsPublished() throws Exception {
        long before = ServiceDatabase.count("SELECT count(*) FROM policy_version");
        String version = "v-" + UUID.randomUUID().toString().substring(0, 8);
        // material with less than the 30-day notice
        as(Roles.DPO).body(Map.of("version", version, "text", "New rules.", "summary", "New rules", "material", true,
                "effectiveAt", Instant.now().plus(10, ChronoUnit.DAYS).toString())).post("/api/policies")
                .then().statusCode(422).body("errors[0].field", equalTo("effectiveAt"))
                .body("errors[0].message", containsString("30 days"));
        // both text and url; no summary
        as(Roles.DPO).body(Map.of("version", version, "text", "x", "url", "https://example.org/p", "material", false,
                "effectiveAt", ConsentApi.nextEffectiveTime(1).toString())).post("/api/policies").then().statusCode(422)
                .body("errors.field", hasItem("text")).body("errors.field", hasItem("summary"));
        // a URL without its hash
        as(Roles.DPO).body(Map.of("version", version, "url", "https://example.org/p", "summary", "s", "material", false,
                "effectiveAt", ConsentApi.nextEffectiveTime(1).toString())).post("/api/policies").then().statusCode(422)
                .body("errors.field", hasItem("sha256"));
        // taking effect before the current version
        as(Roles.DPO).body(Map.of("version", version, "text", "Old.", "summary", "s", "material", false,
                "effectiveAt", Instant.now().minus(400, ChronoUnit.DAYS).toString())).post("/api/policies")
                .then().statusCode(422);
        as(Roles.DPO).body("{\"version\": 1,").post("/api/policies").then().statusCode(400);
        assertEquals(before, ServiceDatabase.count("SELECT count(*) FROM policy_version"));
    }

    @Test
    void aMaterialChangeRequiresReconsentOnceItTakesEffect() throws Exception {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.USAGE_ANALYTICS, Purposes.IMPROVE_SERVICE).then().statusCode(200);
        String version = "m-" + UUID.randomUUID().toString().substring(0, 8);
        Instant effective = ConsentApi.nextEffectiveTime(31);
        as(Roles.DPO).body(Map.of("version", version, "text", "We now also do X.", "summary", "New processing X",
                "material", true, "effectiveAt", effective.toString())).post("/api/policies").then().statusCode(201);

        // announced, not yet in effect: a notice, and the grant still counts
        subject.request().get("/api/consents/me/notices").then().statusCode(200)
                .body("find { it.version == '" + version + "' }.inEffect", equalTo(false))
                .body("find { it.version == '" + version + "' }.reconsentRequired", equalTo(true));
        subject.decision(Purposes.USAGE_ANALYTICS).then().body("allowed", equalTo(true));
        // a subject who answers early, under the announced version, is fine after it takes effect too
        ConsentApi.Subject early = user();
        early.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true), "policyVersion", version))
                .then().statusCode(200);

        QuarkusMock.installMockForType(Clock.fixed(effective.plus(1, ChronoUnit.HOURS), ZoneOffset.UTC), Clock.class);
        try (TopicReader consent = TopicReader.fromBeginning(Topics.CONSENT)) {
            subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200).body("allowed", equalTo(false))
                    .body("state", equalTo("reconsent-required")).body("reason", containsString("given again"));
            early.decision(Purposes.USAGE_ANALYTICS).then().body("allowed", equalTo(true));
            policyTakingEffect.apply();
            var announced = consent.await(r -> isConsentChanged(r, subject.id())
                    && consentChanged(r).purposes().get(Purposes.USAGE_ANALYTICS) == ConsentState.RECONSENT_REQUIRED,
                    1, Duration.ofSeconds(10)).get(0);
            assertEquals(ConsentState.RECONSENT_REQUIRED, consentChanged(announced).purposes().get(Purposes.IMPROVE_SERVICE));
            assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM policy_version WHERE version = ? "
                    + "AND applied_at IS NOT NULL", version));

            // the superseded version no longer takes choices; the new one does, as a reconfirmation
            subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true), "policyVersion", "1"))
                    .then().statusCode(409).contentType("application/problem+json");
            subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true, Purposes.IMPROVE_SERVICE, true),
                    "policyVersion", version)).then().statusCode(200).body("recorded.action",
                    equalTo(List.of("reconfirm", "reconfirm")));
            subject.decision(Purposes.USAGE_ANALYTICS).then().body("allowed", equalTo(true))
                    .body("policyVersion", equalTo(version));
            subject.request().get("/api/consents/me/notices").then().body("version", org.hamcrest.Matchers
                    .not(hasItem(version)));
        }
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
