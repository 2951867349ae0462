package dev.confidant.account.api;

/** Descriptions shared by the OpenAPI annotations of this service's resources. */
final class ApiResponses {

    static final String PROBLEM = "application/problem+json";

    private ApiResponses() {
    }
}
