package dev.confidant.account;

import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A frontend developer builds on /q/openapi: every endpoint says who may call it and how it fails. */
@QuarkusTest
@SuiteInfrastructure
class OpenApiTest {

    private static final Set<String> EXPECTED = Set.of(
            "POST /api/accounts", "GET /api/accounts/verify-email", "GET /api/accounts/confirm-guardian",
            "GET /api/accounts/confirm-email-change",
            "GET /api/accounts/me", "PATCH /api/accounts/me", "DELETE /api/accounts/me",
            "POST /api/accounts/me/password", "GET /api/accounts/me/export",
            "POST /api/auth/login", "POST /api/auth/refresh", "POST /api/auth/logout", "POST /api/auth/visitor",
            "POST /api/auth/password-reset", "POST /api/auth/password-reset/confirm",
            "GET /api/auth/password-reset/form",
            "POST /api/minor-reports", "GET /api/minor-reports", "POST /api/minor-reports/{id}/confirm",
            "POST /api/minor-reports/{id}/dismiss",
            "POST /api/staff", "PUT /api/staff/{subjectId}/roles", "GET /api/staff/{subjectId}/role-changes",
            "GET /.well-known/jwks.json");

    @Test
    void everyEndpointIsDocumentedWithItsRolesAndErrors() {
        JsonPath api = given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = api.getMap("paths");
        List<String> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            String name = method.toUpperCase() + " " + path;
            found.add(name);
            String description = String.valueOf(operation.get("description"));
            if (operation.get("summary") == null) {
                problems.add(name + " has no summary");
            }
            if (!description.startsWith("Public") && !description.startsWith("Roles:")) {
                problems.add(name + " does not say who may call it");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            if (description.startsWith("Roles:") && !(responses.containsKey("401") && responses.containsKey("403"))) {
                problems.add(name + " lacks its 401/403 responses");
            }
            if (description.startsWith("Roles:") && operation.get("security") == null) {
                problems.add(name + " lacks its security requirement");
            }
        }));
        assertEquals(EXPECTED, Set.copyOf(found));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
