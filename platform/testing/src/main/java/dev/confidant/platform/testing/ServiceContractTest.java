package dev.confidant.platform.testing;

import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every Confidant service promises ops and frontend developers, checked against the running application on real
 * PostgreSQL and Kafka: readiness that covers the database and the broker, liveness, OpenAPI and Swagger UI,
 * Prometheus metrics, Flyway-managed schema with the platform tables, and problem+json for unknown routes.
 * A service's test extends it and adds {@code @QuarkusTest} and {@link SuiteInfrastructure} (Quarkus finds test
 * resources on the module's own test classes only).
 */
public abstract class ServiceContractTest {

    /** The service's name, as {@code quarkus.application.name}. */
    protected String serviceName() {
        return ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
    }

    @Test
    void isReadyWhenItsDatabaseAndBrokerAreUp() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
    }

    @Test
    void isLive() {
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void publishesItsOpenApiAndSwaggerUi() {
        Management.given().accept(ContentType.JSON).when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("info.title", equalTo("Confidant " + serviceName()));
        Management.given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void exposesPrometheusMetricsIncludingTheOutbox() {
        given().when().get("/api/no-such-thing").then().statusCode(404);
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("confidant_outbox_published_total"), "outbox metrics are exported");
        assertTrue(metrics.contains("http_server_requests_seconds_count"), "HTTP metrics are exported");
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are exported");
    }

    @Test
    void thePublicPortServesNoManagementEndpoints() {
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/"}) {
            given().when().get(path).then().statusCode(404);
        }
    }

    @Test
    void unknownRoutesAnswerWithAProblem() {
        given().when().get("/api/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("instance", equalTo("/api/no-such-thing"));
    }

    @Test
    void itsSchemaIsManagedByFlywayWithThePlatformTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        List<String> migrations = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            try (ResultSet rs = statement.executeQuery(
                    "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
                while (rs.next()) {
                    migrations.add(rs.getString(1));
                }
            }
        }
        assertTrue(tables.containsAll(List.of("confidant_outbox", "confidant_inbox")), () -> "tables: " + tables);
        assertTrue(migrations.containsAll(List.of("0.1", "1")), () -> "migrations: " + migrations);
    }

    /** A plain JDBC connection to the service's own database. */
    protected static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }
}
