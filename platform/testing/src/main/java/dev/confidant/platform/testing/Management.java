package dev.confidant.platform.testing;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests to the service's management interface (health, metrics, OpenAPI, Swagger UI), which listens on a port of
 * its own, never on the public one.
 */
public final class Management {

    private Management() {
    }

    /** The management port of the service under test. */
    public static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    /** A request to the management interface. */
    public static RequestSpecification given() {
        return io.restassured.RestAssured.given().port(port());
    }
}
