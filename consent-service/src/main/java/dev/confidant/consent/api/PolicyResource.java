package dev.confidant.consent.api;

import dev.confidant.consent.domain.PolicyVersion;
import dev.confidant.consent.service.PrivacyPolicies;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

@Path("/api/policies")
@Tag(name = "Privacy policy", description = "Published versions of the privacy policy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {

    /** A new version: either {@code text}, or {@code url} with the document's {@code sha256}. */
    public record NewVersion(String version, String text, String url, String sha256, String summary, Boolean material,
                             Instant effectiveAt, LocalDate lastUpdated) {
    }

    @Inject
    PrivacyPolicies policies;

    @Inject
    CallerSubject caller;

    @GET
    @Path("/current")
    @PermitAll
    @Operation(summary = "The policy in force", description = "Public. With its text, \"last updated\" date, and "
            + "the versions already announced to take effect later.")
    @APIResponse(responseCode = "404", description = "No version published yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.CurrentPolicyView current() {
        PolicyVersion current = policies.current()
                .orElseThrow(() -> ProblemException.notFound("no privacy policy is in force yet"));
        List<Views.PolicyView> upcoming = policies.upcoming().stream().map(v -> Views.PolicyView.of(v, false)).toList();
        return new Views.CurrentPolicyView(Views.PolicyView.of(current, true), upcoming.isEmpty() ? null : upcoming);
    }

    @GET
    @PermitAll
    @Operation(summary = "Every published version", description = "Public. Newest first, without their texts.")
    public List<Views.PolicyView> list() {
        return policies.all().stream().map(v -> Views.PolicyView.of(v, false)).toList();
    }

    @GET
    @Path("/{version}")
    @PermitAll
    @Operation(summary = "One version", description = "Public. With its text.")
    @APIResponse(responseCode = "404", description = "No such version", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.PolicyView get(@PathParam("version") String version) {
        return policies.find(version).map(v -> Views.PolicyView.of(v, true))
                .orElseThrow(() -> ProblemException.notFound("no policy version " + version));
    }

    @POST
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Publish a version", description = "Roles: dpo. A material version must be published at "
            + "least the notice period (30 days by default) before it takes effect; once it does, consent given "
            + "under earlier versions must be given again. Announced with PolicyVersionPublished, so account holders "
            + "are mailed before it takes effect.")
    @APIResponse(responseCode = "201", description = "Published")
    @APIResponse(responseCode = "400", description = "Malformed JSON", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The version exists, or a version taking effect later is "
            + "already published", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Invalid fields or too short a notice",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response publish(@NotNull NewVersion version) {
        PolicyVersion published = policies.publish(new PrivacyPolicies.Publication(version.version(), version.text(),
                version.url(), version.sha256(), version.summary(), version.material(), version.effectiveAt(),
                version.lastUpdated()), caller.id());
        return Response.created(URI.create("/api/policies/" + published.version))
                .entity(Views.PolicyView.of(published, false)).build();
    }
}
