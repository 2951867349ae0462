package dev.confidant.platform.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's options: read from flags, then the environment, then defaults; refused with a clear message. */
class DevstackOptionsTest {

    @Test
    void theServicesAreTheRootPomsServiceModulesInOrder() throws Exception {
        String pom = java.nio.file.Files.readString(DevstackHarness.ROOT.resolve("pom.xml"));
        java.util.List<String> modules = new java.util.ArrayList<>();
        java.util.regex.Matcher module = java.util.regex.Pattern.compile("<module>([a-z-]+-service)</module>").matcher(pom);
        while (module.find()) {
            modules.add(module.group(1));
        }
        // the ./devstack script reads the same modules; the launcher and the signing keys use Services.ALL
        org.junit.jupiter.api.Assertions.assertEquals(modules, DevstackOptions.services());
    }

    private static DevstackOptions parse(Map<String, String> env, String... args) {
        return DevstackOptions.parse(args, env, Path.of("/tmp/confidant"));
    }

    @Test
    void theClockRunsOnTimeUnlessAnOffsetIsGiven() {
        assertEquals(Duration.ZERO, parse(Map.of()).clockOffset());
        assertEquals(Duration.ofDays(200), parse(Map.of(), "--clock-offset", "P200D").clockOffset());
        assertEquals(Duration.ofDays(40), parse(Map.of("CONFIDANT_CLOCK_OFFSET", "P40D")).clockOffset());
        assertEquals(Duration.ofDays(1), parse(Map.of("CONFIDANT_CLOCK_OFFSET", "P40D"), "--clock-offset", "P1D")
                .clockOffset(), "the flag wins");
    }

    @Test
    void aClockOffsetThatIsNotADurationAheadIsRefused() {
        for (String bad : new String[]{"-P1D", "tomorrow", "200"}) {
            DevstackOptions.UsageException refused = assertThrows(DevstackOptions.UsageException.class,
                    () -> parse(Map.of(), "--clock-offset", bad));
            assertTrue(refused.getMessage().contains("--clock-offset must be an ISO-8601 duration"), refused.getMessage());
        }
    }

    @Test
    void theHelpCentreIsAFolderTheSampleBesideTheRepositoryOrNone() throws Exception {
        Path base = java.nio.file.Files.createTempDirectory("devstack-options");
        Path repository = java.nio.file.Files.createDirectories(base.resolve("repository"));
        Path sample = java.nio.file.Files.createDirectories(base.resolve("shared/kb/articles"));
        try {
            assertEquals(java.util.Optional.of(sample.toAbsolutePath()),
                    DevstackOptions.parse(new String[0], Map.of(), repository).helpCentre(), "the sample beside it");
            assertEquals(java.util.Optional.empty(), DevstackOptions.parse(new String[]{"--kb-dir", "none"}, Map.of(),
                    repository).helpCentre());
            assertEquals(java.util.Optional.of(repository.toAbsolutePath()),
                    DevstackOptions.parse(new String[]{"--kb-dir", "."}, Map.of(), repository).helpCentre());
            DevstackOptions.UsageException refused = assertThrows(DevstackOptions.UsageException.class,
                    () -> DevstackOptions.parse(new String[]{"--kb-dir", "no-such-folder"}, Map.of(), repository));
            assertTrue(refused.getMessage().contains("--kb-dir must be a folder"), refused.getMessage());
        } finally {
            for (Path made : new Path[]{sample, sample.getParent(), sample.getParent().getParent(), repository, base}) {
                java.nio.file.Files.delete(made);
            }
        }
    }

    @Test
    void widgetOriginsAreOriginsOnly() {
        assertEquals(java.util.List.of(), parse(Map.of()).widgetOrigins());
        assertEquals(java.util.List.of("http://localhost:3000", "https://shop.example.com"),
                parse(Map.of(), "--widget-origins", "http://localhost:3000, https://shop.example.com").widgetOrigins());
        assertEquals(java.util.List.of("http://127.0.0.1:9000"),
                parse(Map.of("CONFIDANT_WIDGET_ORIGINS", "http://127.0.0.1:9000")).widgetOrigins());
        for (String bad : new String[]{"localhost:3000", "http://localhost:3000/page", "*"}) {
            DevstackOptions.UsageException refused = assertThrows(DevstackOptions.UsageException.class,
                    () -> parse(Map.of(), "--widget-origins", bad));
            assertTrue(refused.getMessage().contains("--widget-origins takes origins"), refused.getMessage());
        }
    }

    @Test
    void replicasListenTenPortsApartAndAreOneToFour() {
        assertEquals(1, parse(Map.of()).replicas());
        DevstackOptions two = parse(Map.of("CONFIDANT_REPLICAS", "2"), "--chat-port", "18080");
        assertEquals(2, two.replicas());
        assertEquals(18080, two.replicaPort("chat-service", 0));
        assertEquals(18090, two.replicaPort("chat-service", 1));
        for (String bad : new String[]{"0", "5", "two"}) {
            DevstackOptions.UsageException refused = assertThrows(DevstackOptions.UsageException.class,
                    () -> parse(Map.of(), "--replicas", bad));
            assertTrue(refused.getMessage().contains("--replicas must be a number from 1 to 4"), refused.getMessage());
        }
    }
}
