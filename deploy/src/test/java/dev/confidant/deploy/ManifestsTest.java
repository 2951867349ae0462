package dev.confidant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The overlays render, every object matches its upstream schema, and the rendered suite meets our policies. */
class ManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path SCHEMAS = Path.of("schemas");
    private static final List<String> SERVICES = List.of("account-service", "consent-service", "chat-service",
            "retention-service");

    private static Set<String> documentedSecrets;

    @BeforeAll
    static void readTheDocumentedSecrets() throws IOException {
        // the Secrets operators create, as the table in deploy/k8s/README.md lists them
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(Files.readString(K8S.resolve("README.md")));
        documentedSecrets = row.results().map(m -> m.group(1)).collect(Collectors.toSet());
    }

    private static List<JsonNode> overlay(String name) throws Exception {
        return Manifests.overlay(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectMatchesItsUpstreamSchema(String name) throws Exception {
        List<String> errors = new ArrayList<>();
        for (JsonNode object : overlay(name)) {
            errors.addAll(Manifests.schemaErrors(object, SCHEMAS));
        }
        assertEquals(List.of(), errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theRenderedSuiteMeetsThePolicies(String name) throws Exception {
        List<JsonNode> objects = overlay(name);
        assertEquals(Set.copyOf(SERVICES), Policies.names(objects, "Deployment"));
        assertEquals(List.of(), Policies.check(objects, documentedSecrets));
    }

    @Test
    void prodRunsAtLeastTwoOfEachWithAutoscalingAndDevOneWithout() throws Exception {
        List<JsonNode> prod = overlay("prod");
        for (JsonNode deployment : Policies.kind(prod, "Deployment")) {
            assertTrue(deployment.path("spec").path("replicas").asInt() >= 2, Manifests.describe(deployment));
            assertEquals("confidant", deployment.path("metadata").path("namespace").asText());
        }
        assertEquals(Set.copyOf(SERVICES), Policies.names(prod, "HorizontalPodAutoscaler"));
        assertEquals(Set.copyOf(SERVICES), Policies.names(prod, "PodDisruptionBudget"));

        List<JsonNode> dev = overlay("dev");
        for (JsonNode deployment : Policies.kind(dev, "Deployment")) {
            assertEquals(1, deployment.path("spec").path("replicas").asInt(), Manifests.describe(deployment));
        }
        assertEquals(Set.of(), Policies.names(dev, "HorizontalPodAutoscaler"));
        assertEquals(Set.of(), Policies.names(dev, "PodDisruptionBudget"));
    }

    @Test
    void noSecretValueIsCommitted() throws Exception {
        for (String name : List.of("dev", "prod")) {
            assertEquals(Set.of(), Policies.names(overlay(name), "Secret"), name + " renders Secrets");
        }
    }

    @Test
    void theChecksCatchWhatTheyAreFor() throws Exception {
        List<JsonNode> objects = overlay("prod");
        ObjectNode deployment = (ObjectNode) Policies.kind(objects, "Deployment").get(0);
        ObjectNode pod = (ObjectNode) deployment.path("spec").path("template").path("spec");
        ObjectNode container = (ObjectNode) pod.path("containers").get(0);
        container.remove("readinessProbe");
        container.put("image", "registry.example.com/confidant/x:latest");
        ((ObjectNode) pod.path("securityContext")).put("runAsNonRoot", false);
        ((ObjectNode) pod).put("serviceAccountName", "nobody");
        ((ObjectNode) Policies.kind(objects, "PodDisruptionBudget").get(0).path("spec")).put("minAvailable", 2);

        String findings = String.join("\n", Policies.check(objects, documentedSecrets));
        for (String expected : new String[]{"readinessProbe is not on the management port", "image without a pinned tag",
                "may run as root", "ServiceAccount that is not there: nobody", "minAvailable 2 is not below"}) {
            assertTrue(findings.contains(expected), expected + " in:\n" + findings);
        }

        ((ObjectNode) deployment.path("spec")).put("replica", 2); // a typo the strict schema refuses
        assertTrue(Manifests.schemaErrors(deployment, SCHEMAS).stream().anyMatch(e -> e.contains("replica")),
                Manifests.schemaErrors(deployment, SCHEMAS).toString());
        ObjectNode user = (ObjectNode) Policies.kind(objects, "KafkaUser").get(0);
        ((ObjectNode) user.path("spec").path("authentication")).put("type", "plain"); // not one Strimzi knows
        assertTrue(Manifests.schemaErrors(user, SCHEMAS).stream().anyMatch(e -> e.contains("type")),
                Manifests.schemaErrors(user, SCHEMAS).toString());
        assertTrue(Policies.check(Manifests.parse("kind: Deployment\nmetadata: {name: bare}\n"), documentedSecrets)
                .stream().anyMatch(f -> f.contains("no network policy selects its pods")));
    }
}
