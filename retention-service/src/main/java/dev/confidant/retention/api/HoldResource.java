package dev.confidant.retention.api;

import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.retention.domain.LegalHold;
import dev.confidant.retention.service.LegalHolds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
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

    public record NewHold(String subjectId, String caseReference, String reason, Instant until) {
    }

    public record HoldView(UUID id, UUID subjectId, String caseReference, String reason, UUID placedBy,
                           Instant placedAt, Instant until, Instant releasedAt, UUID releasedBy) {
        static HoldView of(LegalHold h) {
            return new HoldView(h.id, h.subjectId, h.caseReference, h.reason, h.placedBy, h.placedAt, h.until,
                    h.releasedAt, h.releasedBy);
        }
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
    public Response place(@NotNull NewHold hold) {
        UUID subject = null;
        if (hold.subjectId() != null) {
            try {
                subject = UUID.fromString(hold.subjectId());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("subjectId", "must be a subject id (UUID)");
            }
        }
        LegalHold placed = holds.place(subject, hold.caseReference(), hold.reason(), hold.until(), caller.id());
        return Response.created(URI.create("/api/holds/" + placed.id)).entity(HoldView.of(placed)).build();
    }

    @GET
    @RolesAllowed({Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "Holds in force", description = "Roles: dpo, auditor.")
    public List<HoldView> active() {
        return holds.allActive().stream().map(HoldView::of).toList();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Release a hold", description = "Roles: dpo. Recorded with who and when; held erasure "
            + "requests of the subject resume once no hold remains.")
    @APIResponse(responseCode = "404", description = "No such hold", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public HoldView release(@PathParam("id") String id) {
        UUID holdId;
        try {
            holdId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no such hold");
        }
        return HoldView.of(holds.release(holdId, caller.id()));
    }
}
