package dev.confidant.platform.devstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The devstack launcher's own behaviour, without starting the suite: a clear message when a port is taken, the usage
 * for --help and for a bad option. The suite itself, its restarts, --fresh and a clean stop are checked on the running
 * suite by {@link PrivacyJourneyIT}.
 */
class DevstackIT {

    @TempDir
    Path dataDir;

    private final DevstackHarness devstack = new DevstackHarness();

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        devstack.stopLeftovers();
    }

    @Test
    void aTakenPortIsNamedWithTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            Process process = devstack.launch(List.of("--data-dir", dataDir.toString(), "--pg-port", "" + port));
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(3, process.exitValue());
            assertTrue(output.contains("Port " + port + " on 127.0.0.1 is taken, so PostgreSQL cannot start"), output);
            assertTrue(output.contains("--pg-port or CONFIDANT_PG_PORT"), output);
        }
    }

    @Test
    void helpListsTheOptionsAndStartsNothing() throws Exception {
        Process process = devstack.launch(List.of("--help"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(output.startsWith("Usage: ./devstack"), output);
        assertTrue(output.contains("--smtp-port"), output);
    }

    @Test
    void aBadOptionIsRefusedWithTheUsage() throws Exception {
        Process process = devstack.launch(List.of("--pg-port", "not-a-port"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(output.contains("--pg-port must be a port number"), output);
        assertTrue(output.contains("Usage: ./devstack"), output);
    }
}
