package dev.confidant.platform.testing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a frontend developer relies on in a service's {@code /q/openapi}: exactly the expected operations, each with a
 * summary, a description that starts by saying who may call it ("Public…" or "Roles: …"), and for role-protected
 * ones their 401/403 responses and security requirement.
 */
public final class OpenApiDocumentation {

    private OpenApiDocumentation() {
    }

    /** Fails unless the running service documents exactly {@code expected} ("GET /api/…") as described above. */
    public static void assertDocuments(Set<String> expected) {
        JsonPath api = Management.given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200).extract().jsonPath();
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
        assertEquals(expected, Set.copyOf(found));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
