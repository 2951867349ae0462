package dev.confidant.deploy;

import dev.confidant.platform.events.Services;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose file cannot run here (no Docker engine), but what it hands the services can be checked: each gets
 * every secret production requires, and every variable it reads from .env is one make-secrets.sh writes.
 */
class ComposeTest {

    private static final Path COMPOSE = Path.of("compose/compose.yaml");
    private static final List<String> SERVICES = Services.ALL;

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceGetsEverySecretProductionRequires() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        for (String service : SERVICES) {
            Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get(service))
                    .get("environment");
            Set<String> missing = new TreeSet<>(ProductionSecretsTest.required(service));
            missing.removeAll(environment.keySet());
            assertEquals(Set.of(), missing, service + " in compose.yaml");
            assertTrue(((Map<String, Object>) services.get(service)).containsKey("build"), "built from its Dockerfile");
        }
    }

    @Test
    void everyVariableItReadsIsOneTheSecretsScriptWrites() throws Exception {
        Set<String> read = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[-?][^}]*)?}").matcher(Files.readString(COMPOSE));
        while (variable.find()) {
            if (variable.group(2) == null || variable.group(2).startsWith(":?")) {
                read.add(variable.group(1)); // no default: .env must have it
            }
        }
        String script = Files.readString(Path.of("compose/make-secrets.sh"));
        Set<String> written = new TreeSet<>();
        Matcher echo = Pattern.compile("echo \"(\\$\\{service\\^\\^})?([A-Z0-9_]+)=").matcher(script);
        while (echo.find()) {
            if (echo.group(1) != null) {
                for (String service : SERVICES) { // the script's loop: account consent chat retention
                    written.add(service.replace("-service", "").toUpperCase() + echo.group(2));
                }
            } else {
                written.add(echo.group(2));
            }
        }
        read.removeAll(written);
        assertEquals(Set.of(), read, "read from .env, never written by make-secrets.sh");
    }
}
