package dev.confidant.platform.runtime.audit;

import dev.confidant.platform.runtime.outbox.OutboxConfig;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Who among the staff read whose data, when and why: this service's part of the staff access log, for auditors.
 * Every service answers for its own log; the console reads the four and merges them.
 */
@Path("/api/audit/access-log")
@Tag(name = "Staff access log", description = "Which staff member read whose data in this service, when and why")
@Produces(MediaType.APPLICATION_JSON)
public class StaffAccessLogResource {

    @Inject
    StaffAccessLog log;

    @Inject
    OutboxConfig outboxConfig;

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.DPO})
    @Operation(summary = "Query the staff access log", description = "Roles: auditor, dpo. Newest first; filters: "
            + "staff (the reader's id), subject (whose data), from and to (ISO-8601 instants, to exclusive); page from "
            + "0, size 1–200. Pseudonymous ids only: no names or content.")
    @APIResponse(responseCode = "200", description = "One page of entries and the total")
    @APIResponse(responseCode = "400", description = "A filter that is not an id or an instant, or a bad page",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public StaffAccessLog.Page query(@QueryParam("staff") String staff, @QueryParam("subject") String subject,
                                     @QueryParam("from") String from, @QueryParam("to") String to,
                                     @QueryParam("page") @DefaultValue("0") int page,
                                     @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > 200) {
            throw ProblemException.badRequest("page must be 0 or more and size 1 to 200");
        }
        return log.query(new StaffAccessLog.Filter(id("staff", staff), id("subject", subject), instant("from", from),
                instant("to", to)), page, size, outboxConfig.source());
    }

    private static UUID id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        UUID id = PathIds.parse(value.strip());
        if (id == null) {
            throw ProblemException.badRequest(name + " must be an id (UUID)");
        }
        return id;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }
}
