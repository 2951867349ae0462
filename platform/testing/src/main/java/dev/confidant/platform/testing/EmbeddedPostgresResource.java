package dev.confidant.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * Starts a real PostgreSQL server (embedded binaries, no Docker) for a module's Quarkus tests and points the
 * default datasource at it. When the standard Quarkus datasource URL is already given
 * ({@code QUARKUS_DATASOURCE_JDBC_URL} or {@code -Dquarkus.datasource.jdbc.url}), that server is used instead; with
 * {@code -Ptestcontainers} on a machine with Docker, a container ({@link ContainerServers}).
 * Dev Services stay off either way.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        if (ExternalServers.configured("quarkus.datasource.jdbc.url")) {
            return Map.of("quarkus.datasource.devservices.enabled", "false");
        }
        if (ContainerServers.use()) {
            var container = ContainerServers.postgres();
            return Map.of("quarkus.datasource.devservices.enabled", "false",
                    "quarkus.datasource.jdbc.url", container.getJdbcUrl(),
                    "quarkus.datasource.username", container.getUsername(),
                    "quarkus.datasource.password", container.getPassword());
        }
        try {
            // zonky waits 10 s for the server by default; a start on two busy cores once took longer and failed a build
            postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        return Map.of(
                "quarkus.datasource.devservices.enabled", "false",
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
            }
        }
    }
}
