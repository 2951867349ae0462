package dev.confidant.retention;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.Management;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.retention.service.ComplianceMetrics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The figures the alerts watch move with the requests they count. */
@QuarkusTest
@SuiteInfrastructure
class ComplianceMetricsTest {

    @Inject
    ComplianceMetrics metrics;

    @Test
    void aRequestNearOrPastItsDeadlineShowsInTheMetrics() throws Exception {
        metrics.refresh();
        double open = gauge("confidant_requests_open");
        double soon = gauge("confidant_requests_due_soon");
        double late = gauge("confidant_requests_past_deadline");

        TestSubject dpo = TestSubject.withRole(Roles.DPO);
        String first = dpo.request().body(Map.of("subjectId", UUID.randomUUID().toString())).post("/api/requests/erasure")
                .then().statusCode(202).extract().path("id");
        String second = dpo.request().body(Map.of("subjectId", UUID.randomUUID().toString()))
                .post("/api/requests/erasure").then().statusCode(202).extract().path("id");
        ServiceDatabase.execute("UPDATE erasure_request SET deadline = now() + interval '3 days', status = 'HELD' "
                + "WHERE id = ?", UUID.fromString(first));
        ServiceDatabase.execute("UPDATE erasure_request SET deadline = now() - interval '1 day', status = 'HELD' "
                + "WHERE id = ?", UUID.fromString(second));
        metrics.refresh();

        assertEquals(open + 2, gauge("confidant_requests_open"));
        assertEquals(soon + 1, gauge("confidant_requests_due_soon"));
        assertEquals(late + 1, gauge("confidant_requests_past_deadline"));
        gauge("confidant_records_overdue"); // exported
    }

    private static double gauge(String name) {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        if (!value.find()) {
            throw new AssertionError(name + " is not exported");
        }
        return Double.parseDouble(value.group(2));
    }
}
