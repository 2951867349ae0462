package dev.confidant.chat.api;

import dev.confidant.chat.service.UsageAnalytics;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

@Path("/api/usage")
@Tag(name = "Usage analytics", description = "What the widget was used for, only with the subject's consent")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.VISITOR})
public class UsageResource {

    /** The kinds of widget use that may be counted: no content, no page addresses. */
    static final Set<String> KINDS = Set.of("widget-opened", "article-opened", "privacy-centre-opened",
            "transcript-downloaded");

    /** One kind of use, from {@link #KINDS}. */
    public record UsageEvent(String kind) {
    }

    @Inject
    UsageAnalytics analytics;

    @Inject
    CallerSubject caller;

    @POST
    @Operation(summary = "Count one use of the widget", description = "Roles: user, visitor. Recorded (a kind and a "
            + "time, never content) only while the subject consents to analytics.usage; otherwise nothing is stored.")
    @APIResponse(responseCode = "422", description = "Unknown kind", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.UsageRecorded record(@NotNull UsageEvent event) {
        if (event.kind() == null || !KINDS.contains(event.kind())) {
            throw ProblemException.invalidField("kind", "must be one of " + String.join(", ", KINDS.stream().sorted()
                    .toList()));
        }
        return new Views.UsageRecorded(analytics.recordWidgetUse(caller.id(), event.kind()));
    }
}
