package dev.confidant.consent.api;

import dev.confidant.consent.service.Decisions;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.UUID;

@Path("/api/decisions")
@Tag(name = "Decisions", description = "May this purpose be processed for this subject, now?")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    @Inject
    Decisions decisions;

    @Inject
    CallerSubject caller;

    @Inject
    Clock clock;

    @Inject
    StaffAccessLog accessLog;

    @GET
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.AGENT, Roles.AUDITOR, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Decide", description = "Roles: user, visitor (their own subject only), agent, auditor, dpo, "
            + "admin. Allowed or denied with the reason: the lawful basis, or the ledger entry and policy version a "
            + "consent rests on. A staff member's lookup goes to the staff access log. Services keep a projection from confidant.consent instead of calling this on their "
            + "hot path.")
    @APIResponse(responseCode = "400", description = "subject or purpose missing or malformed",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such purpose", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.DecisionView decide(@QueryParam("subject") String subject, @QueryParam("purpose") String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw ProblemException.badRequest("the query parameter purpose is required");
        }
        UUID subjectId = AuditResource.subjectId(subject);
        if (!caller.isStaff() && !subjectId.equals(caller.id())) {
            throw ProblemException.forbidden("you may only ask about your own consents");
        }
        Views.DecisionView view = decisions.decide(subjectId, purpose)
                .map(decision -> Views.DecisionView.of(subjectId, purpose, decision, clock.instant()))
                .orElseThrow(() -> ProblemException.notFound("no purpose " + purpose));
        if (caller.isStaff()) {
            // a person on the staff looked into someone's choices; a subject asking about their own is not logged,
            // and services read their projections, so the hot path writes nothing
            accessLog.record(subjectId, "decision/" + purpose, "check whether a purpose may be processed");
        }
        return view;
    }
}
