package dev.confidant.platform.testing;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the service's management interface (health, metrics, OpenAPI, Swagger UI), which listens on a port of
 * its own, never on the public one.
 */
public final class Management {

    private Management() {
    }

    /**
     * The management port of the service under test: the one it actually listens on (tests ask for a free one,
     * {@code quarkus.management.test-port=0}, so a port taken by anything else on the machine does not matter).
     */
    public static int port() {
        var server = Arc.container().instance(HttpServer.class);
        if (!server.isAvailable() || server.get().getManagementPort() <= 0) {
            throw new IllegalStateException("the application under test has no management interface");
        }
        return server.get().getManagementPort();
    }

    /** A request to the management interface. */
    public static RequestSpecification given() {
        return io.restassured.RestAssured.given().port(port());
    }
}
