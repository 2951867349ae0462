package dev.confidant.account;

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
            "POST /api/accounts", "GET /api/accounts/verify-email", "GET /api/accounts/confirm-guardian",
            "POST /api/accounts/confirm-guardian",
            "GET /api/accounts/confirm-email-change", "GET /api/accounts/undo-email-change",
            "POST /api/accounts/undo-email-change",
            "GET /api/accounts/lookup", "GET /api/accounts/me", "PATCH /api/accounts/me", "DELETE /api/accounts/me",
            "POST /api/accounts/me/password", "GET /api/accounts/me/export",
            "POST /api/auth/login", "POST /api/auth/refresh", "POST /api/auth/step-up", "POST /api/auth/logout", "POST /api/auth/visitor",
            "POST /api/auth/token", "POST /api/auth/password-reset", "POST /api/auth/password-reset/confirm",
            "GET /api/auth/password-reset/form", "GET /console", "GET /console/config",
            "POST /api/minor-reports", "GET /api/minor-reports", "POST /api/minor-reports/{id}/confirm",
            "POST /api/minor-reports/{id}/dismiss",
            "POST /api/staff", "GET /api/staff", "POST /api/staff/{subjectId}/deactivate",
            "PUT /api/staff/{subjectId}/roles", "GET /api/staff/{subjectId}/role-changes",
            "GET /api/privacy/exports/{subjectId}", "GET /api/audit/access-log", "GET /.well-known/jwks.json");

    @Test
    void everyEndpointIsDocumentedWithItsRolesAndErrors() {
        OpenApiDocumentation.assertDocuments(EXPECTED);
    }
}
