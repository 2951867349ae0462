package dev.confidant.chat.api;

import dev.confidant.chat.service.Feedback;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/messages")
@Tag(name = "Feedback", description = "Thumbs on answers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.VISITOR})
public class FeedbackResource {

    /** Was the answer helpful; an optional comment (at most 1,000 characters). */
    public record AnswerFeedback(@NotNull(message = "is required: true or false") Boolean helpful, String comment) {
    }

    @Inject
    Feedback feedback;

    @Inject
    CallerSubject caller;

    @POST
    @Path("/{id}/feedback")
    @Operation(summary = "Thumbs up or down on an answer", description = "Roles: user, visitor. Giving it again "
            + "replaces it.")
    @APIResponse(responseCode = "404", description = "No such answer in your conversations",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Missing helpful, too long a comment, or not an answer",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.FeedbackRecorded onAnswer(@PathParam("id") UUID id, @Valid @NotNull AnswerFeedback body) {
        caller.requireUnrestricted();
        return new Views.FeedbackRecorded(feedback.onAnswer(caller.id(), id, body.helpful(), body.comment()));
    }

}
