package dev.confidant.deploy;

import dev.confidant.platform.events.Services;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secrets each service requires in production ({@code %prod.confidant.production.secrets.*}) are the ones its
 * Deployment sets, and a service started as production without one stops at once, naming it.
 */
class ProductionSecretsTest {

    private static final Pattern REQUIRED = Pattern.compile(
            "(?m)^%prod\\.confidant\\.production\\.secrets\\.[a-z0-9-]+=\\$\\{([A-Z0-9_]+)}\\s*$");
    private static final List<String> SERVICES = Services.ALL;

    @Test
    void everySecretAServiceRequiresIsSetByItsDeployment() throws Exception {
        List<JsonNode> prod = Manifests.overlay("prod");
        for (String service : SERVICES) {
            Set<String> provided = new TreeSet<>();
            JsonNode deployment = Policies.kind(prod, "Deployment").stream()
                    .filter(d -> d.path("metadata").path("name").asText().equals(service)).findFirst().orElseThrow();
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                container.path("env").forEach(env -> provided.add(env.path("name").asText()));
                for (JsonNode from : container.path("envFrom")) {
                    String map = from.path("configMapRef").path("name").asText();
                    Policies.kind(prod, "ConfigMap").stream()
                            .filter(c -> c.path("metadata").path("name").asText().equals(map))
                            .forEach(c -> c.path("data").fieldNames().forEachRemaining(provided::add));
                }
            }
            Set<String> required = required(service);
            assertTrue(required.size() >= 5, service + " requires " + required);
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(provided);
            assertEquals(Set.of(), missing, service + "'s Deployment does not set what production requires");
        }
    }

    @Test
    void aServiceStartedAsProductionWithoutASecretStopsAtOnceNamingIt() throws Exception {
        for (String service : SERVICES) {
            Path jar = Path.of("..", service, "target/quarkus-app/quarkus-run.jar");
            Assumptions.assumeTrue(Files.isRegularFile(jar), service + " is not packaged (run ./mvnw install)");
            List<String> required = new ArrayList<>(required(service));
            String left = own(service).iterator().next(); // one of the service's own secrets
            Map<String, String> env = new LinkedHashMap<>();
            required.stream().filter(v -> !v.equals(left)).forEach(v -> env.put(v, "set-by-the-test"));
            // no cluster addresses: the defaults point at this machine, which must not be reached first
            env.put("QUARKUS_HTTP_PORT", "0");
            env.put("QUARKUS_MANAGEMENT_PORT", "0");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx128m", "-jar", jar.toString()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("CONFIDANT_")
                    || k.startsWith("KAFKA_"));
            builder.environment().putAll(env);
            Path log = Files.createTempFile(service, ".log");
            builder.redirectOutput(log.toFile());
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), service + " did not stop");
            } finally {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertNotEquals(0, process.exitValue(), service + " started without " + left);
            assertTrue(output.contains(left), service + "'s message names " + left + ":\n" + output);
            assertFalse(output.contains("Unable to obtain connection") || output.contains("connection attempt failed"),
                    service + " tried the database before checking its secrets:\n" + output);
            assertFalse(output.contains("set-by-the-test"), "no secret value is printed");
            System.out.printf("%s without %s: stopped after %d s%n", service, left, seconds);
        }
    }

    /** The environment variables {@code service} requires in production: the platform's and its own. */
    static Set<String> required(String service) throws IOException {
        Set<String> required = variables(Path.of(
                "../platform/runtime/src/main/resources/META-INF/microprofile-config.properties"));
        required.addAll(own(service));
        return required;
    }

    /** The ones its own configuration adds. */
    private static Set<String> own(String service) throws IOException {
        Set<String> own = variables(Path.of("..", service, "src/main/resources/application.properties"));
        assertFalse(own.isEmpty(), service + " names its own production secrets");
        return own;
    }

    private static Set<String> variables(Path file) throws IOException {
        Set<String> variables = new TreeSet<>();
        Matcher matcher = REQUIRED.matcher(Files.readString(file));
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }
}
