package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark command's smoke mode: every scenario runs for a few seconds against the tests' suite and yields its
 * figures, without errors, in the table and the JSON file. The targets are for the full run ({@code ./bench/run}).
 */
@Order(2) // on the shared suite, before the privacy journey stops it
class BenchmarksIT {

    @Test
    void everyScenarioRunsAndReportsItsFigures() throws Exception {
        DevstackHarness.SharedSuite suite = DevstackHarness.SharedSuite.get();
        Benchmarks.Suite services = new Benchmarks.Suite(url(suite.ports.account()), url(suite.ports.consent()),
                url(suite.ports.chat()), url(suite.ports.retention()), address -> {
                    try {
                        return suite.running.mailedLink(address);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }, "jdbc:postgresql://127.0.0.1:" + suite.ports.postgres() + "/chat",
                url(DevstackHarness.Ports.management(suite.ports.chat())), suite::staffToken);
        List<Benchmarks.Figure> figures = new Benchmarks(services, Benchmarks.Settings.smoke()).run();
        Benchmarks.print(figures, System.out);

        assertTrue(value(figures, "throughput, closed model", "consent decision") > 0, "decisions were answered");
        assertEquals(0, value(figures, "closed-model errors", "consent decision"));
        assertTrue(value(figures, "baseline: /api/purposes throughput") > 0, "the baseline was answered");
        assertTrue(value(figures, "decision p99") > 0);
        assertEquals(0, value(figures, "decision errors"), "every decision answered 200");
        assertEquals(0, value(figures, "baseline: /api/purposes errors"));
        assertTrue(value(figures, "throughput, closed model (4 connections, JDK client)", "chat message") > 0,
                "messages were accepted");
        assertTrue(value(figures, "baseline: the same rows with raw JDBC", "chat message") > 0,
                "the same rows were written with JDBC");
        assertTrue(value(figures, "p99 at 5/s", "chat message") > 0);
        assertEquals(0, value(figures, "errors (closed and open model)", "chat message"), "every message got 201");
        try (java.sql.Connection chat = DevstackHarness.connect(suite.ports.postgres(), "chat");
             java.sql.Statement query = chat.createStatement();
             java.sql.ResultSet rs = query.executeQuery("SELECT count(*) FILTER (WHERE position(convert_to("
                     + "'Benchmark message', 'UTF8') IN body) > 0), count(*) FROM message")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "the messages were stored encrypted");
            assertTrue(rs.getLong(2) >= 22, "the benchmark's messages were stored: " + rs.getLong(2));
        }
        assertTrue(value(figures, "throughput, new questions", "assistant answer") > 0, "questions were answered");
        assertTrue(value(figures, "throughput, the same", "assistant answer") > 0, "repeated questions were answered");
        assertTrue(value(figures, "baseline: retrieval alone in-process, mean (3 questions", "assistant answer") > 0,
                "chat-service's retrieval timer counted the three questions asked one at a time");
        assertTrue(value(figures, "p99 at", "assistant answer") > 0);
        assertEquals(0, value(figures, "errors (closed, one at a time and open model)", "assistant answer"),
                "every question got 201");
        double revoked = value(figures, "logout → refused by every service, p99");
        assertTrue(revoked > 0 && revoked < 10_000, "every service refused the token after the logout: " + revoked);
        assertEquals(0, value(figures, "services still serving it"));
        assertTrue(value(figures, "request → copy ready, p99", "access request") > 0, "the copy became ready");
        assertTrue(value(figures, "baseline: request → certificate", "erasure") > 0, "an erasure alone completed");
        double erased = value(figures, "request → certificate, p99 (at once", "erasure");
        assertTrue(erased > 0 && erased < 60_000, "the erasures under load completed: " + erased);
        for (String owner : List.of("account-service", "consent-service", "chat-service", "retention-service")) {
            assertTrue(value(figures, "at once: request → " + owner + "'s answer", "erasure") > 0, owner + " answered");
        }
        assertTrue(value(figures, "meanwhile: chat messages p99", "erasure") > 0, "messages were written meanwhile");
        assertEquals(0, value(figures, "meanwhile: chat message errors", "erasure"));
        assertTrue(value(figures, "floor: plain SQL DELETE", "erasure") > 0, "the plain-SQL floor was measured");
        assertEquals(0, value(figures, "rows of erased subjects left", "erasure"), "nothing of them is left in chat");
        assertTrue(value(figures, "baseline: plain DELETE", "retention sweep") > 0, "the plain DELETE was timed");
        assertTrue(value(figures, "sweep: start → chat-service's answer", "retention sweep") > 0, "the sweep answered");
        assertTrue(value(figures, "rows chat-service reported expired", "retention sweep") >= 1_000,
                "the sweep expired the seeded messages");
        assertEquals(0, value(figures, "seeded messages left after the sweep", "retention sweep"));
        assertTrue(value(figures, "chat messages p99 at 3/s during the sweep", "retention sweep") > 0);
        assertEquals(0, value(figures, "chat message errors (all three)", "retention sweep"));
        for (String service : List.of("account-service", "consent-service", "chat-service", "retention-service")) {
            assertTrue(value(figures, service + " after") > 50, service + "'s resident memory was read");
        }
        assertEquals(20, value(figures, "open and ready on one chat-service", "widget connections"),
                "every widget connection was opened and answered ready");
        assertTrue(value(figures, "chat-service heap in use", "widget connections") > 10, "its heap was read");
        assertEquals(0, value(figures, "broadcast: posts refused", "widget connections"));
        assertEquals(0, value(figures, "broadcast: ready connections that did not get it", "widget connections"),
                "every connection received the message posted into its conversation");
        assertTrue(value(figures, "broadcast: until the last connection had it", "widget connections") > 0);
        double started = value(figures, "consent-service: launch → ready", "start-up");
        assertTrue(started > 0 && started < 180, "one more consent-service was started and became ready: " + started);
        assertTrue(value(figures, "baseline: empty Quarkus app", "start-up") > 0, "the empty app became ready");
        assertTrue(value(figures, "consent-service: RSS", "idle memory") > 50, "its idle memory was read");
        assertTrue(value(figures, "baseline: empty Quarkus app", "idle memory") > 50);
        // the replica was stopped by SIGTERM, as a rollout stops a pod: a clean stop logs no error
        String replicaLog = Files.readString(Path.of("target/bench/startup/consent-service.log"));
        assertTrue(replicaLog.contains("stopped in"), "the replica stopped");
        assertFalse(replicaLog.contains("\"level\":\"ERROR\""), "the replica logged an error:\n" + replicaLog);

        Path json = Files.createTempFile("confidant-bench", ".json");
        Benchmarks.write(figures, true, json);
        JsonNode document = new ObjectMapper().readTree(json.toFile());
        assertTrue(document.path("smoke").asBoolean());
        assertEquals(figures.size(), document.path("figures").size());
        assertEquals("consent decision", document.path("figures").path(0).path("scenario").asText());
        Files.delete(json);
    }

    private static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static double value(List<Benchmarks.Figure> figures, String measureStart) {
        return value(figures, measureStart, "");
    }

    private static double value(List<Benchmarks.Figure> figures, String measureStart, String scenarioStart) {
        return figures.stream().filter(f -> f.measure().startsWith(measureStart)
                        && f.scenario().startsWith(scenarioStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + measureStart + " in " + figures))
                .value();
    }
}
