package dev.confidant.retention.api;

import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.retention.service.Sweeps;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/api")
@Tag(name = "Retention sweeps", description = "Expiry on schedule, and what is overdue")
@Produces(MediaType.APPLICATION_JSON)
public class SweepResource {

    @Inject
    Sweeps sweeps;

    @Inject
    CallerSubject caller;

    @Inject
    java.time.Clock clock;

    @POST
    @Path("/sweeps")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Sweep now", description = "Roles: dpo. One expire command per category to its owners (held "
            + "subjects excepted), a category at a time; the nightly sweep does the same on its schedule.")
    @APIResponse(responseCode = "202", description = "Started; Location names it")
    public Response start() {
        UUID sweep = sweeps.start(caller.id());
        return Response.accepted(sweeps.state(sweep)).location(URI.create("/api/sweeps/" + sweep)).build();
    }

    @GET
    @Path("/sweeps/{id}")
    @RolesAllowed({Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "A sweep's progress", description = "Roles: dpo, auditor. Every command with when it was "
            + "sent (the categories go one after another; null: waiting its turn) and its owner's answer.")
    @APIResponse(responseCode = "404", description = "No such sweep", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Sweeps.SweepState sweep(@PathParam("id") UUID id) {
        return sweeps.state(id);
    }

    @GET
    @Path("/compliance/overdue")
    @RolesAllowed({Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "Data kept past its schedule", description = "Roles: dpo, auditor. Data-map entries whose "
            + "expiry has passed, held subjects excepted; empty after a completed sweep.")
    public Views.OverdueReport overdue(@QueryParam("limit") @DefaultValue("1000") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ProblemException.badRequest("limit must be 1 to 10000");
        }
        List<Views.OverdueItem> items = sweeps.overdue(limit).stream().map(o -> new Views.OverdueItem(o.subjectId(),
                o.owner(), o.category(), o.store(), o.reference(), o.expiresAt())).toList();
        return new Views.OverdueReport(clock.instant(), items.size(), items);
    }
}
