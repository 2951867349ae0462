package dev.confidant.retention.api;

import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.PathIds;
import dev.confidant.retention.domain.LegalHold;
import dev.confidant.retention.service.LegalHolds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.List;
import java.util.UUID;

@Path("/api/holds")
@Tag(name = "Legal holds", description = "Keep a subject's data through expiry and erasure while a case needs it")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HoldResource {

    public record NewHold(@Pattern(regexp = PathIds.PATTERN, message = "must be a subject id (UUID)") String subjectId,
                          String caseReference, String reason, Instant until) {
    }

    @Inject
    LegalHolds holds;

    @Inject
    CallerSubject caller;

    @POST
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Place a legal hold", description = "Roles: dpo. The subject's data is excluded from expiry "
            + "and erasure; erasure requests wait, marked held with the reason, until the hold is released.")
    @APIResponse(responseCode = "201", description = "Placed")
    @APIResponse(responseCode = "422", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response place(@Valid @NotNull NewHold hold) {
        UUID subject = hold.subjectId() == null ? null : UUID.fromString(hold.subjectId());
        LegalHold placed = holds.place(subject, hold.caseReference(), hold.reason(), hold.until(), caller.id());
        return Response.created(URI.create("/api/holds/" + placed.id)).entity(Views.HoldView.of(placed)).build();
    }

    @GET
    @RolesAllowed({Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "Holds in force", description = "Roles: dpo, auditor.")
    public List<Views.HoldView> active() {
        return holds.allActive().stream().map(Views.HoldView::of).toList();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Release a hold", description = "Roles: dpo. Recorded with who and when; held erasure "
            + "requests of the subject resume once no hold remains.")
    @APIResponse(responseCode = "404", description = "No such hold", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.HoldView release(@PathParam("id") UUID id) {
        return Views.HoldView.of(holds.release(id, caller.id()));
    }
}
