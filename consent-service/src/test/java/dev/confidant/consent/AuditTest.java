package dev.confidant.consent;

import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.consent.ConsentApi.as;
import static dev.confidant.consent.ConsentApi.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What auditors see, that every look is recorded, and that an edited ledger is caught. */
@QuarkusTest
@SuiteInfrastructure
class AuditTest {

    @Test
    void anEditMadeDirectlyInTheDatabaseIsCaughtAtItsEntry() throws Exception {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.PROMOTIONS).then().statusCode(200);
        subject.request().delete("/api/consents/me/" + Purposes.PROMOTIONS).then().statusCode(200);
        as(Roles.AUDITOR).get("/api/audit/ledger/verify").then().statusCode(200).body("valid", equalTo(true))
                .body("firstBrokenSeq", nullValue());
        long seq = ServiceDatabase.count("SELECT seq FROM ledger_entry WHERE subject_id = ? AND action = 'WITHDRAW'",
                subject.id());
        // the application cannot change an entry at all
        try {
            ServiceDatabase.execute("UPDATE ledger_entry SET action = 'GRANT' WHERE seq = ?", seq);
            throw new AssertionError("the ledger accepted an update");
        } catch (java.sql.SQLException refused) {
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
        // someone who gets around the trigger turns the withdrawal into a grant: the chain shows it
        try (Connection connection = ServiceDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only");
            try {
                statement.executeUpdate("UPDATE ledger_entry SET action = 'GRANT' WHERE seq = " + seq);
                as(Roles.AUDITOR).get("/api/audit/ledger/verify").then().statusCode(200)
                        .body("valid", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq))
                        .body("problem", containsString("does not match its hash"));
                // a deleted entry is caught too, at the gap it leaves
                statement.executeUpdate("UPDATE ledger_entry SET action = 'WITHDRAW' WHERE seq = " + seq);
                as(Roles.AUDITOR).get("/api/audit/ledger/verify").then().body("valid", equalTo(true));
                String row = "(SELECT * FROM ledger_entry WHERE seq = " + seq + ")";
                statement.execute("CREATE TEMP TABLE saved AS " + row);
                statement.executeUpdate("DELETE FROM ledger_entry WHERE seq = " + seq);
                as(Roles.AUDITOR).get("/api/audit/ledger/verify").then().body("valid", equalTo(false))
                        .body("firstBrokenSeq", equalTo((int) seq));
                statement.executeUpdate("INSERT INTO ledger_entry SELECT * FROM saved");
            } finally {
                statement.execute("ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only");
            }
        }
        as(Roles.AUDITOR).get("/api/audit/ledger/verify").then().body("valid", equalTo(true));
    }

    @Test
    void auditorsQueryTheLedgerByFilterAndPage() {
        ConsentApi.Subject subject = grantedTwiceThenWithdrew();
        UUID auditor = UUID.randomUUID();
        JsonPath page = as(auditor, Roles.AUDITOR).queryParam("subject", subject.id().toString())
                .queryParam("size", 2).get("/api/audit/consents").then().statusCode(200)
                .body("total", equalTo(3)).body("items", hasSize(2)).extract().jsonPath();
        assertEquals(List.of("grant", "grant"), page.getList("items.action"));
        as(auditor, Roles.AUDITOR).queryParam("subject", subject.id().toString()).queryParam("page", 1)
                .queryParam("size", 2).get("/api/audit/consents").then().body("items.action", equalTo(List.of("withdraw")))
                .body("items[0].method", equalTo("settings")).body("items[0].hash", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
        as(auditor, Roles.AUDITOR).queryParam("subject", subject.id().toString()).queryParam("method", "banner")
                .queryParam("purpose", Purposes.PROMOTIONS).get("/api/audit/consents").then()
                .body("total", equalTo(1)).body("items[0].jurisdiction", equalTo("DE"));
        as(auditor, Roles.AUDITOR).queryParam("subject", subject.id().toString())
                .queryParam("from", Instant.now().plus(1, ChronoUnit.HOURS).toString()).get("/api/audit/consents")
                .then().body("total", equalTo(0));
    }

    @Test
    void aMalformedFilterIsABadRequestAndIsNotRecorded() throws Exception {
        UUID auditor = UUID.randomUUID();
        as(auditor, Roles.AUDITOR).queryParam("from", "last tuesday").get("/api/audit/consents").then().statusCode(400)
                .contentType("application/problem+json");
        as(auditor, Roles.AUDITOR).queryParam("method", "telepathy").get("/api/audit/consents").then().statusCode(400);
        as(auditor, Roles.AUDITOR).queryParam("size", 100000).get("/api/audit/consents").then().statusCode(400);
        as(auditor, Roles.AUDITOR).queryParam("format", "xml").get("/api/audit/consents/export").then().statusCode(400);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ?",
                auditor));
    }

    @Test
    void auditorsExportTheLedgerAsCsvAndJsonWithItsHashChain() {
        ConsentApi.Subject subject = grantedTwiceThenWithdrew();
        UUID auditor = UUID.randomUUID();
        String csv = as(auditor, Roles.AUDITOR).queryParam("format", "csv").queryParam("subject", subject.id().toString())
                .get("/api/audit/consents/export").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("attachment")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals(4, lines.size(), csv);
        assertTrue(lines.get(0).startsWith("seq,id,subject_id,purpose,action,policy_version,occurred_at,method"));
        assertTrue(lines.get(1).contains("," + subject.id() + ",analytics.usage,grant,1,"), lines.get(1));
        assertTrue(lines.get(3).contains(",marketing.promotions,withdraw,1,"), lines.get(3));
        assertTrue(lines.get(1).contains(",banner,subject,,"), lines.get(1));
        assertTrue(lines.get(1).contains("," + subject.clientNetworkPrefix() + "0/24,DE,"), lines.get(1));

        JsonPath json = as(auditor, Roles.AUDITOR).queryParam("format", "json").queryParam("subject", subject.id().toString())
                .get("/api/audit/consents/export").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("analytics.usage", "marketing.promotions", "marketing.promotions"), json.getList("purpose"));
        // the two grants were made in one call, so they sit next to each other in the chain
        assertEquals(json.getString("[0].hash"), json.getString("[1].prevHash"));
    }

    @Test
    void auditorsCountGrantsAndWithdrawalsPerPeriod() {
        grantedTwiceThenWithdrew();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonPath counts = as(UUID.randomUUID(), Roles.AUDITOR).queryParam("interval", "day")
                .queryParam("purpose", Purposes.PROMOTIONS).get("/api/audit/consents/stats").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> todayCounts = counts.getMap("find { it.period == '" + today + "' }");
        assertTrue(((Number) todayCounts.get("grants")).longValue() >= 1, counts.prettify());
        assertTrue(((Number) todayCounts.get("withdrawals")).longValue() >= 1, counts.prettify());
    }

    @Test
    void everyLookAtTheLedgerIsInTheStaffAccessLog() throws Exception {
        ConsentApi.Subject subject = grantedTwiceThenWithdrew();
        UUID auditor = UUID.randomUUID();
        String id = subject.id().toString();
        as(auditor, Roles.AUDITOR).queryParam("subject", id).get("/api/audit/consents").then().statusCode(200);
        as(auditor, Roles.AUDITOR).queryParam("subject", id).queryParam("page", 1).get("/api/audit/consents").then()
                .statusCode(200);
        as(auditor, Roles.AUDITOR).queryParam("format", "csv").queryParam("subject", id)
                .get("/api/audit/consents/export").then().statusCode(200);
        as(auditor, Roles.AUDITOR).queryParam("interval", "day").get("/api/audit/consents/stats").then().statusCode(200);
        assertEquals(3, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ? "
                + "AND data_subject_id = ? AND purpose = 'consent audit'", auditor, subject.id()));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ? "
                + "AND data_subject_id IS NULL AND resource LIKE 'consent ledger counts%'", auditor));
    }

    /** A subject who granted analytics and promotions on the banner in Germany, then withdrew promotions. */
    private static ConsentApi.Subject grantedTwiceThenWithdrew() {
        ConsentApi.Subject subject = user();
        subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true, Purposes.PROMOTIONS, true),
                "method", "banner", "jurisdiction", "DE")).then().statusCode(200);
        subject.request().delete("/api/consents/me/" + Purposes.PROMOTIONS).then().statusCode(200);
        return subject;
    }

    @Test
    void theEvidenceBundleHoldsEntriesReceiptsStateAndProof() throws Exception {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.IMPROVE_SERVICE).then().statusCode(200);
        subject.request().delete("/api/consents/me/" + Purposes.IMPROVE_SERVICE).then().statusCode(200);
        UUID auditor = UUID.randomUUID();
        JsonPath bundle = as(auditor, Roles.AUDITOR).get("/api/audit/subjects/" + subject.id() + "/evidence")
                .then().statusCode(200)
                .body("entries", hasSize(2)).body("receipts", hasSize(2))
                .body("chain.valid", equalTo(true))
                .body("currentState.find { it.purpose == 'service.improve' }.state", equalTo("denied"))
                .body("receiptKeys.keys[0].kty", equalTo("RSA")).extract().jsonPath();
        assertEquals(bundle.getString("entries[1].receiptId"), bundle.getString("receipts[1].id"));
        assertEquals(bundle.getString("entries[1].hash"), ConsentApi.verifiedReceipt(bundle.getString("receipts[1].jws"))
                .getString("services[0].purposes[0].ledgerEntryHash"));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE staff_subject_id = ? "
                + "AND data_subject_id = ? AND resource = 'consent evidence bundle'", auditor, subject.id()));
        as(Roles.AUDITOR).get("/api/audit/subjects/not-a-subject/evidence").then().statusCode(404);
    }

    @Test
    void theStaffAccessLogSaysWhoReadWhoseDataAndIsFilteredByEitherAndByTime() {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200);
        UUID dpo = UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        as(dpo, Roles.DPO).get("/api/audit/subjects/" + subject.id() + "/evidence").then().statusCode(200);
        UUID auditor = UUID.randomUUID();
        as(auditor, Roles.AUDITOR).queryParam("subject", subject.id().toString()).get("/api/audit/access-log").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].staffId", equalTo(dpo.toString()))
                .body("items[0].staffRoles", equalTo("dpo")).body("items[0].subjectId", equalTo(subject.id().toString()))
                .body("items[0].resource", equalTo("consent evidence bundle")).body("items[0].service",
                        equalTo("consent-service"));
        as(auditor, Roles.AUDITOR).queryParam("staff", dpo.toString()).queryParam("from", before.toString())
                .get("/api/audit/access-log").then().statusCode(200).body("total", equalTo(1));
        as(auditor, Roles.AUDITOR).queryParam("staff", dpo.toString()).queryParam("to", before.toString())
                .get("/api/audit/access-log").then().statusCode(200).body("total", equalTo(0));
        as(auditor, Roles.AUDITOR).queryParam("staff", "someone").get("/api/audit/access-log").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("staff must be an id"));
        as(auditor, Roles.AUDITOR).queryParam("from", "yesterday").get("/api/audit/access-log").then().statusCode(400);
        as(auditor, Roles.AUDITOR).queryParam("size", "500").get("/api/audit/access-log").then().statusCode(400);
        subject.request().get("/api/audit/access-log").then().statusCode(403);
        as(Roles.AGENT).get("/api/audit/access-log").then().statusCode(403);
    }

    @Test
    void auditorsReadButWriteNothingAndSubjectsCannotAudit() {
        ConsentApi.Subject subject = user();
        subject.request().get("/api/audit/consents").then().statusCode(403).contentType("application/problem+json");
        subject.request().get("/api/audit/ledger/verify").then().statusCode(403);
        as(Roles.AGENT).get("/api/audit/consents").then().statusCode(403);
        as(Roles.AUDITOR).body(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, true)))
                .post("/api/consents/" + subject.id() + "/guardian").then().statusCode(403);
        as(Roles.AUDITOR).body(Map.of("version", "x", "text", "t", "summary", "s", "material", false,
                "effectiveAt", Instant.now().plus(2, ChronoUnit.DAYS).toString())).post("/api/policies").then().statusCode(403);
        as(Roles.AUDITOR).delete("/api/consents/me/" + Purposes.USAGE_ANALYTICS).then().statusCode(403);
        as(Roles.DPO).get("/api/audit/ledger/verify").then().statusCode(200);
    }
}
