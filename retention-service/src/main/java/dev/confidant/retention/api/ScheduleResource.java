package dev.confidant.retention.api;

import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.retention.domain.RetentionClock;
import dev.confidant.retention.service.RetentionSchedules;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/schedules")
@Tag(name = "Retention schedules", description = "How long each data category is kept")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    /** A change: the new period in days, optionally its clock and wording, and always the reason. */
    public record ScheduleChange(Integer retentionDays, RetentionClock clock, String description, String reason) {
    }

    @Inject
    RetentionSchedules schedules;

    @Inject
    CallerSubject caller;

    @GET
    @PermitAll
    @Operation(summary = "Every retention schedule", description = "Public: how long each category is kept is part "
            + "of the privacy policy.")
    public List<Views.ScheduleView> list() {
        return schedules.all().stream().map(Views.ScheduleView::of).toList();
    }

    @GET
    @Path("/{category}/revisions")
    @PermitAll
    @Operation(summary = "Every version of a schedule", description = "Public: when it changed, who changed it, why.")
    public List<RetentionSchedules.Revision> revisions(@PathParam("category") String category) {
        return schedules.revisions(category);
    }

    @PUT
    @Path("/{category}")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Change a schedule", description = "Roles: dpo. A new version, with its reason.")
    @APIResponse(responseCode = "404", description = "No such category", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ScheduleView change(@PathParam("category") String category, @NotNull ScheduleChange change) {
        return Views.ScheduleView.of(schedules.change(category, new RetentionSchedules.Change(change.retentionDays(),
                change.clock(), change.description(), change.reason()), caller.id()));
    }
}
