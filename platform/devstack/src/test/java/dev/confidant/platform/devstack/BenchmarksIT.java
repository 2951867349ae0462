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
        List<Benchmarks.Figure> figures = new Benchmarks(URI.create("http://127.0.0.1:" + suite.ports.account()),
                URI.create("http://127.0.0.1:" + suite.ports.consent()), Benchmarks.Settings.smoke()).run();
        Benchmarks.print(figures, System.out);

        assertTrue(value(figures, "throughput, closed model") > 0, "decisions were answered");
        assertTrue(value(figures, "baseline: /api/purposes throughput") > 0, "the baseline was answered");
        assertTrue(value(figures, "decision p99") > 0);
        assertEquals(0, value(figures, "decision errors"), "every decision answered 200");
        assertEquals(0, value(figures, "baseline: /api/purposes errors"));
        for (String service : List.of("account-service", "consent-service", "chat-service", "retention-service")) {
            assertTrue(value(figures, service + " after") > 50, service + "'s resident memory was read");
        }

        Path json = Files.createTempFile("confidant-bench", ".json");
        Benchmarks.write(figures, true, json);
        JsonNode document = new ObjectMapper().readTree(json.toFile());
        assertTrue(document.path("smoke").asBoolean());
        assertEquals(figures.size(), document.path("figures").size());
        assertEquals("consent decision", document.path("figures").path(0).path("scenario").asText());
        Files.delete(json);
    }

    private static double value(List<Benchmarks.Figure> figures, String measureStart) {
        return figures.stream().filter(f -> f.measure().startsWith(measureStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + measureStart + " in " + figures))
                .value();
    }
}
