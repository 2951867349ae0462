package dev.confidant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Rendering an overlay with kubectl's kustomize, and checking each object against its upstream JSON schema. */
final class Manifests {

    /** The schemas kept in deploy/schemas, by "apiVersion kind". */
    private static final Map<String, String> SCHEMAS = Map.ofEntries(
            Map.entry("apps/v1 Deployment", "deployment-apps-v1.json"),
            Map.entry("v1 Service", "service-v1.json"),
            Map.entry("v1 ConfigMap", "configmap-v1.json"),
            Map.entry("v1 ServiceAccount", "serviceaccount-v1.json"),
            Map.entry("v1 PersistentVolumeClaim", "persistentvolumeclaim-v1.json"),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler", "horizontalpodautoscaler-autoscaling-v2.json"),
            Map.entry("policy/v1 PodDisruptionBudget", "poddisruptionbudget-policy-v1.json"),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", "networkpolicy-networking-v1.json"),
            Map.entry("networking.k8s.io/v1 Ingress", "ingress-networking-v1.json"),
            Map.entry("kafka.strimzi.io/v1 Kafka", "crds/040-Crd-kafka.yaml"),
            Map.entry("kafka.strimzi.io/v1 KafkaTopic", "crds/043-Crd-kafkatopic.yaml"),
            Map.entry("kafka.strimzi.io/v1 KafkaUser", "crds/044-Crd-kafkauser.yaml"),
            Map.entry("kafka.strimzi.io/v1 KafkaNodePool", "crds/045-Crd-kafkanodepool.yaml"),
            Map.entry("postgresql.cnpg.io/v1 Cluster", "crds/postgresql.cnpg.io_clusters.yaml"),
            Map.entry("postgresql.cnpg.io/v1 Database", "crds/postgresql.cnpg.io_databases.yaml"),
            Map.entry("postgresql.cnpg.io/v1 ScheduledBackup", "crds/postgresql.cnpg.io_scheduledbackups.yaml"),
            Map.entry("monitoring.coreos.com/v1 ServiceMonitor", "crds/monitoring.coreos.com_servicemonitors.yaml"),
            Map.entry("monitoring.coreos.com/v1 PrometheusRule", "crds/monitoring.coreos.com_prometheusrules.yaml"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, JsonSchema> LOADED = new HashMap<>();

    private Manifests() {
    }

    private static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();
    private static Boolean kubectl;

    /**
     * The objects an overlay of {@code deploy/k8s/overlays} renders, rendered once per test run; each caller gets its
     * own copy to change. Skips the calling test, with one line, where kubectl is not installed.
     */
    static synchronized List<JsonNode> overlay(String name) throws IOException, InterruptedException {
        if (kubectl == null) {
            kubectl = kubectlAvailable();
        }
        Assumptions.assumeTrue(kubectl, "kubectl is not installed: the manifests are not checked here");
        List<JsonNode> rendered = RENDERED.get(name);
        if (rendered == null) {
            rendered = render(Path.of("k8s/overlays").resolve(name));
            RENDERED.put(name, rendered);
        }
        return rendered.stream().map(object -> (JsonNode) object.deepCopy()).toList();
    }

    /** Whether kubectl is on the PATH. */
    static boolean kubectlAvailable() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The objects {@code kubectl kustomize dir} renders. */
    static List<JsonNode> render(Path dir) throws IOException, InterruptedException {
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false)
                .start();
        byte[] out = kustomize.getInputStream().readAllBytes();
        String errors = new String(kustomize.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kustomize.waitFor(60, TimeUnit.SECONDS) || kustomize.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + errors);
        }
        return parse(new String(out, StandardCharsets.UTF_8));
    }

    /** The documents of a multi-document YAML text. */
    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode object = (JsonNode) documents.next();
                if (object != null && !object.isNull() && !object.isEmpty()) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    /** What the object's schema says is wrong with it; one line per finding, empty when valid. */
    static List<String> schemaErrors(JsonNode object, Path schemas) throws IOException {
        String type = object.path("apiVersion").asText() + " " + object.path("kind").asText();
        String file = SCHEMAS.get(type);
        if (file == null) {
            return List.of(describe(object) + ": no schema is kept for " + type);
        }
        JsonSchema schema = LOADED.get(file);
        if (schema == null) {
            try (InputStream in = Files.newInputStream(schemas.resolve(file))) {
                ObjectNode node = file.endsWith(".yaml") ? crdSchema(YAML.readTree(in), object.path("apiVersion")
                        .asText()) : (ObjectNode) JSON.readTree(in);
                // the files name "http://json-schema.org/schema#", which is no draft a validator knows: they are draft 4
                node.remove("$schema");
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(node);
            }
            LOADED.put(file, schema);
        }
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : schema.validate(object)) {
            errors.add(describe(object) + ": " + message.getMessage());
        }
        return errors;
    }

    /** The OpenAPI v3 schema a CustomResourceDefinition serves for {@code apiVersion} (group/version). */
    private static ObjectNode crdSchema(JsonNode crd, String apiVersion) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (JsonNode served : crd.path("spec").path("versions")) {
            if (served.path("name").asText().equals(version) && served.path("served").asBoolean()) {
                return (ObjectNode) served.path("schema").path("openAPIV3Schema").deepCopy();
            }
        }
        throw new IllegalStateException(crd.path("metadata").path("name").asText() + " serves no " + apiVersion);
    }

    static String describe(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}
