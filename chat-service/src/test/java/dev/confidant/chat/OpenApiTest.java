package dev.confidant.chat;

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
            "GET /api/privacy/exports/{subjectId}", "GET /api/audit/access-log", "POST /api/conversations", "GET /api/conversations", "GET /api/conversations/{id}",
            "DELETE /api/conversations/{id}", "POST /api/conversations/{id}/messages",
            "POST /api/conversations/{id}/attachments", "POST /api/conversations/{id}/handoff",
            "POST /api/conversations/{id}/close", "POST /api/conversations/{id}/rating",
            "GET /api/conversations/{id}/transcript",
            "GET /api/attachments/{id}", "POST /api/messages/{id}/feedback",
            "GET /api/agent/conversations", "POST /api/agent/conversations/{id}/take",
            "GET /api/agent/conversations/{id}", "POST /api/agent/conversations/{id}/messages",
            "POST /api/agent/conversations/{id}/release", "POST /api/agent/conversations/{id}/close",
            "GET /api/agent/attachments/{id}", "GET /api/agent/queue", "POST /api/agent/suggestions",
            "GET /api/agent/snippets", "POST /api/agent/snippets", "PUT /api/agent/snippets/{id}",
            "DELETE /api/agent/snippets/{id}",
            "GET /api/articles", "GET /api/articles/{slug}", "PUT /api/articles/{slug}", "DELETE /api/articles/{slug}",
            "POST /api/articles/import",
            "GET /api/dpo/improvement-dataset", "POST /api/usage", "GET /widget/config", "GET /", "GET /demo/site.css",
            "POST /api/conversations/{id}/email-reply", "GET /api/support/availability");

    @Test
    void everyEndpointIsDocumentedWithItsRolesAndErrors() {
        OpenApiDocumentation.assertDocuments(EXPECTED);
    }
}
