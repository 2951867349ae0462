package dev.confidant.account;

import dev.confidant.platform.events.ErasureCompleted;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.RetainedData;
import dev.confidant.platform.events.MinorReportConfirmed;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.account.AccountApi.count;
import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@SuiteInfrastructure
class MinorReportTest {

    @Test
    void aConfirmedReportClosesTheAccountAndStartsErasure() throws Exception {
        String email = freshEmail();
        Response child = AccountApi.registeredAndLoggedIn(email);
        String subject = child.path("subjectId");
        String dpo = TestTokens.forRole(Roles.DPO);

        from(freshClientAddress()).body(Map.of("email", email, "details", "my 11-year-old registered"))
                .post("/api/minor-reports").then().statusCode(202);
        String reportId = given().auth().oauth2(dpo).get("/api/minor-reports").then().statusCode(200)
                .body("subjectId", hasItem(subject))
                .extract().path("find { it.subjectId == '" + subject + "' }.id");

        try (TopicReader reader = TopicReader.fromBeginning(Topics.ACCOUNTS)) {
            given().auth().oauth2(dpo).post("/api/minor-reports/" + reportId + "/confirm").then().statusCode(200);
            EventCodec codec = new EventCodec();

            reader.await(r -> subject.equals(r.key()) && codec.decode(r.value()).payload()
                    instanceof MinorReportConfirmed confirmed && confirmed.reportId().toString().equals(reportId),
                    1, Duration.ofSeconds(30));
        }
        given().auth().oauth2(child.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(401);
        given().auth().oauth2(dpo).post("/api/minor-reports/" + reportId + "/confirm").then().statusCode(409);
        // the DPO's reading of the report is in the staff access log
        assertEquals(1, count("SELECT count(*) FROM confidant_staff_access_log WHERE data_subject_id = ?::uuid "
                + "AND resource = 'minor-report' AND staff_roles = 'dpo'", subject));

        // retention-service's erasure follows: the account goes, the access record stays and is declared
        try (TopicReader acks = TopicReader.fromBeginning(Topics.PRIVACY_ACKS)) {
            AccountApi.sendCommand(EventEnvelope.of("retention-service", UUID.fromString(subject),
                    new ErasureRequested(UUID.randomUUID(), ErasureOrigin.MINOR_REPORT, Instant.now().plusSeconds(60))));
            EventCodec codec = new EventCodec();
            ErasureCompleted ack = (ErasureCompleted) codec.decode(acks.await(r -> subject.equals(r.key()), 1,
                    Duration.ofSeconds(30)).get(0).value()).payload();
            assertEquals(List.of("audit.access-log"), ack.retained().stream().map(RetainedData::category).toList());
        }
        assertEquals(0, count("SELECT count(*) FROM account WHERE subject_id = ?::uuid", subject));
        assertEquals(1, count("SELECT count(*) FROM confidant_staff_access_log WHERE data_subject_id = ?::uuid", subject));
        assertEquals(0, count("SELECT count(*) FROM minor_report WHERE id = ?::uuid AND details IS NOT NULL", reportId));
    }

    @Test
    void aDismissedReportChangesNothingForTheAccount() {
        Response holder = AccountApi.registeredAndLoggedIn(freshEmail());
        String subject = holder.path("subjectId");
        String dpo = TestTokens.forRole(Roles.DPO);
        from(freshClientAddress()).body(Map.of("subjectId", subject)).post("/api/minor-reports").then().statusCode(202);
        String reportId = given().auth().oauth2(dpo).get("/api/minor-reports").then()
                .extract().path("find { it.subjectId == '" + subject + "' }.id");

        given().auth().oauth2(dpo).post("/api/minor-reports/" + reportId + "/dismiss").then().statusCode(200);

        given().auth().oauth2(holder.<String>path("accessToken")).get("/api/accounts/me").then().statusCode(200);
        given().auth().oauth2(dpo).get("/api/minor-reports").then().body("id", not(hasItem(reportId)));
    }

    @Test
    void aReportOnNobodyLooksTheSameAndKeepsNothing() throws Exception {
        String unknown = freshEmail();
        String forNobody = from(freshClientAddress()).body(Map.of("email", unknown, "details", "a child"))
                .post("/api/minor-reports").then().statusCode(202).extract().asString();
        String forSomeone = from(freshClientAddress()).body(Map.of("subjectId", UUID.randomUUID().toString()))
                .post("/api/minor-reports").then().statusCode(202).extract().asString();

        assertEquals(forNobody, forSomeone);
        assertEquals(0, count("SELECT count(*) FROM minor_report WHERE details = ?", "a child"));
    }

    @Test
    void reportsAreRateLimitedAndValidatedAndOnlyDposDecide() {
        String address = freshClientAddress();
        for (int i = 0; i < 5; i++) {
            from(address).body(Map.of("email", freshEmail())).post("/api/minor-reports").then().statusCode(202);
        }
        from(address).body(Map.of("email", freshEmail())).post("/api/minor-reports").then().statusCode(429);
        from(freshClientAddress()).body(Map.of("details", "no account named")).post("/api/minor-reports")
                .then().statusCode(422);
        given().auth().oauth2(TestTokens.forRole(Roles.USER)).get("/api/minor-reports").then().statusCode(403);
        given().auth().oauth2(TestTokens.forRole(Roles.AGENT))
                .post("/api/minor-reports/" + UUID.randomUUID() + "/confirm").then().statusCode(403);
        given().auth().oauth2(TestTokens.forRole(Roles.DPO))
                .post("/api/minor-reports/" + UUID.randomUUID() + "/confirm").then().statusCode(404);
    }
}
