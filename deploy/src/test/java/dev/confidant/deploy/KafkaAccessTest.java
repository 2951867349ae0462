package dev.confidant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confidant.platform.events.EventTypes;
import dev.confidant.platform.events.Services;
import dev.confidant.platform.events.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each service's KafkaUser allows exactly what the code declares: writing the topics the producer matrix
 * ({@link EventTypes}) lets it produce, reading the topics its configuration consumes (its own
 * {@code mp.messaging.incoming.*.topic} and the platform's), its consumer groups — nothing more, nothing less.
 */
class KafkaAccessTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([\\w-]+)\\.topic");

    private List<JsonNode> prod;

    @BeforeEach
    void render() throws Exception {
        prod = Manifests.overlay("prod");
    }

    @Test
    void everyServicesAclsAreWhatItsCodeDeclares() throws IOException {
        for (String service : Services.ALL) {
            JsonNode user = Policies.kind(prod, "KafkaUser").stream()
                    .filter(u -> u.path("metadata").path("name").asText().equals(service)).findFirst()
                    .orElseThrow(() -> new AssertionError("no KafkaUser for " + service));
            assertEquals(declared(service), granted(user), service);
        }
    }

    @Test
    void everyTopicOfTheContractHasAKafkaTopicWithItsSettings() {
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        Policies.kind(prod, "KafkaTopic").forEach(t -> byName.put(t.path("spec").path("topicName").asText(), t));
        assertEquals(new TreeSet<>(Topics.ALL), new TreeSet<>(byName.keySet()));
        for (String topic : Topics.ALL) {
            JsonNode spec = byName.get(topic).path("spec");
            assertEquals(3, spec.path("replicas").asInt(), topic);
            assertEquals("2", spec.path("config").path("min.insync.replicas").asText(), topic);
            Topics.settings(topic).forEach((key, value) ->
                    assertEquals(value, spec.path("config").path(key).asText(), topic + " " + key));
        }
    }

    @Test
    void aGrantTheCodeDoesNotDeclareIsFound() throws IOException {
        JsonNode user = Policies.kind(prod, "KafkaUser").get(0).deepCopy();
        Set<String> granted = granted(user);
        ((com.fasterxml.jackson.databind.node.ArrayNode) user.path("spec").path("authorization").path("acls"))
                .addObject().putObject("resource").put("type", "topic").put("name", Topics.PRIVACY_COMMANDS);
        ((com.fasterxml.jackson.databind.node.ObjectNode) user.path("spec").path("authorization").path("acls")
                .get(user.path("spec").path("authorization").path("acls").size() - 1)).putArray("operations").add("Write");
        Set<String> widened = granted(user);
        widened.removeAll(granted);
        assertEquals(Set.of("topic " + Topics.PRIVACY_COMMANDS + " Write"), widened);
    }

    /** What the code lets the service do, as "resource name operation" lines. */
    private static Set<String> declared(String service) throws IOException {
        Set<String> acls = new TreeSet<>();
        for (var type : EventTypes.all()) {
            List<String> producers = Arrays.asList(EventTypes.describe(type).producers());
            if (producers.contains(service) || producers.contains(Services.ANY_OWNER)) {
                acls.add("topic " + EventTypes.describe(type).topic() + " Write");
                acls.add("topic " + EventTypes.describe(type).topic() + " Describe");
            }
        }
        Properties own = properties(ROOT.resolve(service).resolve("src/main/resources/application.properties"));
        Properties platform = properties(ROOT.resolve("platform/runtime/src/main/resources/META-INF/"
                + "microprofile-config.properties"));
        for (Properties config : List.of(platform, own)) {
            for (String key : config.stringPropertyNames()) {
                Matcher incoming = INCOMING.matcher(key);
                if (incoming.matches() && !"false".equals(own.getProperty("mp.messaging.incoming." + incoming.group(1)
                        + ".enabled"))) {
                    acls.add("topic " + config.getProperty(key) + " Read");
                    acls.add("topic " + config.getProperty(key) + " Describe");
                }
            }
        }
        // the consumer group is the application's name; the revocation reader's group is per instance, by prefix
        acls.add("group " + service + " Read");
        acls.add("group " + service + "-revocations-* Read");
        return acls;
    }

    /** What the KafkaUser allows, in the same form. */
    private static Set<String> granted(JsonNode user) {
        Set<String> acls = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            String name = resource.path("name").asText() + ("prefix".equals(resource.path("patternType").asText())
                    ? "*" : "");
            for (JsonNode operation : acl.path("operations")) {
                acls.add(resource.path("type").asText() + " " + name + " " + operation.asText());
            }
        }
        return acls;
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
