package dev.confidant.platform.runtime.owner;

import dev.confidant.platform.runtime.outbox.OutboxConfig;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.security.ServiceTokens;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** A data owner's export of one subject, fetched by retention-service for an access request. */
@Path("/api/privacy/exports")
@Tag(name = "Privacy exports", description = "Service to service: one subject's data for an access request")
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyExportResource {

    /** The export with who made it and when. */
    public record OwnerExport(String owner, UUID subjectId, Instant exportedAt, Object data) {
    }

    @Inject
    Instance<SubjectExport> exports;

    @Inject
    OutboxConfig outboxConfig;

    @Inject
    Clock clock;

    @Inject
    JsonWebToken token;

    @GET
    @Path("/{subjectId}")
    @RolesAllowed(Roles.PRIVACY_EXPORT)
    @Operation(summary = "Export one subject's data", description = "Roles: privacy-export (retention-service's "
            + "service token, never a person), scoped to this service (aud) and this subject (data_subject). "
            + "Everything this service holds about the subject, as JSON; an unknown subject has an empty export.")
    @APIResponse(responseCode = "200", description = "The export")
    @APIResponse(responseCode = "403", description = "Not a privacy-export token, or one for another owner or subject",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "Not a subject id, or this service offers no export endpoint",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public OwnerExport export(@PathParam("subjectId") UUID subject) {
        if (exports.isUnsatisfied()) {
            throw ProblemException.notFound("this service offers no export endpoint");
        }
        // a service token opens one export: this owner's (aud), of the one subject it names
        if (token.getAudience() == null || !token.getAudience().contains(outboxConfig.source())
                || !subject.toString().equals(token.getClaim(ServiceTokens.DATA_SUBJECT_CLAIM))) {
            throw ProblemException.forbidden("this service token is for another owner or another subject");
        }
        Instant now = clock.instant();
        return new OwnerExport(outboxConfig.source(), subject, now, exports.get().export(subject));
    }
}
