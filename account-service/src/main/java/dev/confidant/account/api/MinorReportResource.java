package dev.confidant.account.api;

import dev.confidant.account.domain.MinorReport;
import dev.confidant.account.service.MinorReports;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.ClientContext;
import dev.confidant.platform.runtime.web.SharedRateLimiter;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/minor-reports")
@Tag(name = "Minor reports", description = "Tell us an account belongs to a child, and we delete it")
@Produces(MediaType.APPLICATION_JSON)
public class MinorReportResource {

    private static final int REPORTS_PER_MINUTE = 5;

    public record Report(@Size(max = 254) String email, UUID subjectId, @Size(max = 2000) String details) {
    }

    @Inject
    MinorReports reports;

    @Inject
    SharedRateLimiter rateLimiter;

    @Inject
    ClientContext client;

    @Inject
    CallerSubject caller;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a minor", description = "Public, rate-limited per client address. Name the "
            + "account by its email or subject id. The answer is the same whether or not it exists.")
    @APIResponse(responseCode = "202", description = "Received")
    @APIResponse(responseCode = "422", description = "Neither email nor subjectId", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many reports", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response report(@Valid @NotNull Report report) {
        if ((report.email() == null || report.email().isBlank()) && report.subjectId() == null) {
            throw ProblemException.invalidField("email", "name the account by its email or its subjectId");
        }
        rateLimiter.acquire("minor-report", client.address(), REPORTS_PER_MINUTE, Duration.ofMinutes(1));
        reports.report(report.email(), report.subjectId(), report.details());
        return Response.accepted(Map.of("status", "received",
                "message", "Thank you. A data protection officer will look at your report.")).build();
    }

    @GET
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "List reports", description = "Roles: dpo.")
    public List<Views.ReportView> list(@QueryParam("status") @DefaultValue("OPEN") MinorReport.Status status) {
        return reports.list(status).stream().map(Views.ReportView::of).toList();
    }

    @POST
    @Path("/{id}/confirm")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Confirm a report", description = "Roles: dpo. Closes the account at once and starts "
            + "erasure across the suite.")
    @APIResponse(responseCode = "200", description = "Confirmed")
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Already decided", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ReportView confirm(@PathParam("id") UUID id) {
        return Views.ReportView.of(reports.confirm(id, caller.id()));
    }

    @POST
    @Path("/{id}/dismiss")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Dismiss a report", description = "Roles: dpo.")
    @APIResponse(responseCode = "200", description = "Dismissed")
    @APIResponse(responseCode = "404", description = "No such report", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Already decided", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ReportView dismiss(@PathParam("id") UUID id) {
        return Views.ReportView.of(reports.dismiss(id, caller.id()));
    }
}
