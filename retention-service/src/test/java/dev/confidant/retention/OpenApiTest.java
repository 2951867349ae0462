package dev.confidant.retention;

import dev.confidant.platform.testing.OpenApiDocumentation;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Set;

/** A frontend developer builds on /q/openapi: every endpoint says who may call it and how it fails. */
@QuarkusTest
@SuiteInfrastructure
class OpenApiTest {

    private static final Set<String> EXPECTED = Set.of(
            "GET /api/data-map/me", "GET /api/data-map/{subjectId}", "GET /api/data-owners",
            "GET /api/schedules", "GET /api/schedules/{category}/revisions", "PUT /api/schedules/{category}",
            "POST /api/requests/erasure", "POST /api/requests/access", "GET /api/requests/{id}/bundle", "GET /api/requests", "GET /api/requests/mine", "GET /api/requests/{id}",
            "GET /api/requests/{id}/certificate", "POST /api/requests/{id}/extension", "GET /api/receipts/{receipt}",
            "POST /api/requests/erasure/replay",
            "POST /api/holds", "GET /api/holds", "DELETE /api/holds/{id}",
            "POST /api/sweeps", "GET /api/sweeps/{id}", "GET /api/compliance/overdue",
            "GET /api/privacy/exports/{subjectId}", "GET /api/audit/access-log", "GET /.well-known/jwks.json");

    @Test
    void everyEndpointIsDocumentedWithItsRolesAndErrors() {
        OpenApiDocumentation.assertDocuments(EXPECTED);
    }
}
