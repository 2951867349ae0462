package dev.confidant.consent;

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
            "GET /api/purposes", "GET /api/purposes/{code}", "PUT /api/purposes/{code}",
            "GET /api/purposes/{code}/revisions",
            "GET /api/policies", "POST /api/policies", "GET /api/policies/current", "GET /api/policies/{version}",
            "GET /api/consents/me", "POST /api/consents/me", "DELETE /api/consents/me/{purpose}",
            "GET /api/consents/me/notices", "GET /api/consents/me/receipts", "GET /api/consents/me/history",
            "POST /api/consents/{subjectId}/guardian",
            "GET /api/decisions",
            "GET /api/audit/consents", "GET /api/audit/consents/export", "GET /api/audit/consents/stats",
            "GET /api/audit/ledger/verify", "GET /api/audit/subjects/{subjectId}/evidence",
            "GET /api/privacy/exports/{subjectId}", "GET /api/audit/access-log", "GET /.well-known/jwks.json");

    @Test
    void everyEndpointIsDocumentedWithItsRolesAndErrors() {
        OpenApiDocumentation.assertDocuments(EXPECTED);
    }
}
