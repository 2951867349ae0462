package dev.confidant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every service is scraped, and every metric of ours an alert or a dashboard panel reads is one the code exports. */
class MonitoringTest {

    private static final Pattern OURS = Pattern.compile("confidant_[a-z_]+");
    private static final Pattern SUFFIX = Pattern.compile("_(total|seconds_max|seconds_count|seconds_sum|seconds_bucket)$");

    private List<JsonNode> prod;

    @BeforeEach
    void render() throws Exception {
        prod = Manifests.overlay("prod");
    }

    @Test
    void everyServiceIsScrapedOnItsManagementPort() {
        assertEquals(Policies.names(prod, "Deployment"), Policies.names(prod, "ServiceMonitor"));
        for (JsonNode monitor : Policies.kind(prod, "ServiceMonitor")) {
            assertEquals("management", monitor.path("spec").path("endpoints").get(0).path("port").asText());
            assertEquals("/q/metrics", monitor.path("spec").path("endpoints").get(0).path("path").asText());
        }
    }

    @Test
    void alertsAndPanelsReadOnlyMetricsTheCodeExports() throws IOException {
        Set<String> read = new TreeSet<>();
        for (JsonNode rule : Policies.kind(prod, "PrometheusRule")) {
            rule.findValues("expr").forEach(expr -> read.addAll(metrics(expr.asText())));
        }
        for (JsonNode dashboard : Policies.kind(prod, "ConfigMap")) {
            dashboard.path("data").forEach(json -> read.addAll(metrics(json.asText())));
        }
        assertFalse(read.isEmpty());
        String sources = sources();
        Set<String> unknown = new TreeSet<>();
        for (String metric : read) {
            String meter = SUFFIX.matcher(metric).replaceAll("").replace('_', '.');
            if (!sources.contains('"' + meter + '"')) {
                unknown.add(metric);
            }
        }
        assertEquals(Set.of(), unknown, "metrics no service registers");
    }

    private static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = OURS.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** Every main Java source of the repository, concatenated. */
    private static String sources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
                    .forEach(f -> {
                        try {
                            all.append(Files.readString(f));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return all.toString();
    }
}
