package dev.confidant.chat.api;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.service.Conversations;
import dev.confidant.chat.service.Transcripts;
import dev.confidant.chat.service.EmailReplies;
import dev.confidant.chat.service.Feedback;
import dev.confidant.chat.service.Uploads;
import dev.confidant.chat.domain.Upload;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.ClientContext;
import dev.confidant.platform.runtime.web.RateLimiter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.time.Duration;
import java.util.List;
import java.util.UUID;

@Path("/api/conversations")
@Tag(name = "Conversations", description = "A visitor's or user's conversations with the assistant")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.VISITOR})
public class ConversationResource {

    /** A message to post; {@code text} up to the configured length (4,000 characters by default). */
    public record NewMessage(String text) {
    }

    /** Where to mail the reply when no agent is available. */
    public record EmailReplyRequest(@NotBlank @Email @Size(max = 254) String email) {
    }

    /** One to five stars; an optional comment (at most 1,000 characters). */
    public record ConversationRating(@NotNull(message = "is required: 1 to 5") Integer stars, String comment) {
    }

    @Inject
    Conversations conversations;

    @Inject
    Feedback feedback;

    @Inject
    Uploads uploads;

    @Inject
    CallerSubject caller;

    @Inject
    ClientContext client;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    ChatConfig config;

    @Inject
    EmailReplies emailReplies;

    @POST
    @Operation(summary = "Open a conversation", description = "Roles: user, visitor. With a first message when the "
            + "body has text: the answer comes back at once.")
    @APIResponse(responseCode = "201", description = "Opened; Location names it")
    @APIResponse(responseCode = "422", description = "The first message is too long",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many messages; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response open(NewMessage first) {
        caller.requireUnrestricted();
        UUID subject = caller.id();
        if (first != null && first.text() != null) {
            limit(subject);
        }
        Conversation conversation = conversations.open(subject);
        URI location = URI.create("/api/conversations/" + conversation.id);
        if (first == null || first.text() == null) {
            return Response.created(location).entity(Views.ConversationView.of(conversation)).build();
        }
        return Response.created(location).entity(exchange(conversations.post(subject, conversation.id, first.text())))
                .build();
    }

    @GET
    @Operation(summary = "My conversations", description = "Roles: user, visitor. Most recently active first, paged.")
    @APIResponse(responseCode = "400", description = "A bad page or size", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConversationPage list(@QueryParam("page") @DefaultValue("0") int page,
                                 @QueryParam("size") @DefaultValue("20") int size) {
        UUID subject = caller.id();
        return new Views.ConversationPage(conversations.list(subject, page, size).stream()
                .map(Views.ConversationView::of).toList(), page, size, conversations.count(subject));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of my conversations, with its messages", description = "Roles: user, visitor. Another "
            + "subject's conversation answers 404, like one that does not exist.")
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConversationWithMessages get(@PathParam("id") UUID conversationId,
                                              @QueryParam("page") @DefaultValue("0") int page,
                                        @QueryParam("size") @DefaultValue("100") int size) {
        UUID subject = caller.id();
        Conversation conversation = conversations.get(subject, conversationId);
        return new Views.ConversationWithMessages(Views.ConversationView.of(conversation),
                conversations.messages(subject, conversationId, page, size).stream()
                        .map(Views.MessageView::of).toList());
    }

    @POST
    @Path("/{id}/messages")
    @Operation(summary = "Send a message", description = "Roles: user, visitor. Stored encrypted; answered by the "
            + "assistant, which cites the help articles it used or, when unsure, offers a human agent.")
    @APIResponse(responseCode = "201", description = "The message and the assistant's answer")
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The conversation is closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Blank or too long", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many messages; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response post(@PathParam("id") UUID conversationId, @NotNull NewMessage message) {
        caller.requireUnrestricted();
        UUID subject = caller.id();
        limit(subject);
        return Response.status(201).entity(exchange(conversations.post(subject, conversationId, message.text()))).build();
    }

    @GET
    @Path("/{id}/transcript")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "Download a transcript", description = "Roles: user, visitor. format=json (default) or "
            + "text; every message of the conversation, as an attachment.")
    @APIResponse(responseCode = "400", description = "Unknown format", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response transcript(@PathParam("id") UUID conversationId,
                               @QueryParam("format") @DefaultValue("json") String format) {
        if (!format.equals("json") && !format.equals("text")) {
            throw ProblemException.badRequest("format must be json or text");
        }
        UUID subject = caller.id();
        Conversation conversation = conversations.get(subject, conversationId);
        List<Conversations.ReadableMessage> messages = conversations.allMessages(subject, conversationId);
        String filename = "conversation-" + conversationId + (format.equals("json") ? ".json" : ".txt");
        Object body;
        String type;
        if (format.equals("json")) {
            body = new Views.ConversationWithMessages(Views.ConversationView.of(conversation),
                    messages.stream().map(Views.MessageView::of).toList());
            type = MediaType.APPLICATION_JSON;
        } else {
            body = Transcripts.plainText(conversation, messages);
            type = MediaType.TEXT_PLAIN + "; charset=utf-8";
        }
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .build();
    }

    @POST
    @Path("/{id}/rating")
    @Operation(summary = "Rate a conversation", description = "Roles: user, visitor. 1 to 5 stars; rating again "
            + "replaces it.")
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Stars outside 1-5 or too long a comment",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.FeedbackRecorded rate(@PathParam("id") UUID id, @Valid @NotNull ConversationRating body) {
        caller.requireUnrestricted();
        return new Views.FeedbackRecorded(feedback.rate(caller.id(), id, body.stars(), body.comment()));
    }

    @POST
    @Path("/{id}/attachments")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a file into a conversation", description = "Roles: user, visitor. Multipart, field "
            + "'file'. PNG, JPEG, GIF, WebP, PDF or plain text, recognised from the content whatever the declared type; "
            + "10 MB at most by default. Stored encrypted; a refused upload leaves nothing behind.")
    @APIResponse(responseCode = "201", description = "Stored")
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "Too large", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "Not an allowed type", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "No file", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response upload(@PathParam("id") UUID id, @RestForm("file") FileUpload file) {
        caller.requireUnrestricted();
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalidField("file", "attach the file in the multipart field 'file'");
        }
        Upload upload = uploads.store(caller.id(), id, file.fileName(), file.uploadedFile());
        return Response.created(URI.create("/api/attachments/" + upload.id))
                .entity(Views.AttachmentView.of(upload, uploads.nameOf(upload))).build();
    }

    @POST
    @Path("/{id}/handoff")
    @Operation(summary = "Ask for a human", description = "Roles: user, visitor. The conversation waits for an agent; "
            + "until one hands it back, the assistant stops answering. Asking again changes nothing.")
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The conversation is closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConversationView handOff(@PathParam("id") UUID id) {
        caller.requireUnrestricted();
        return Views.ConversationView.of(conversations.handOff(caller.id(), id));
    }

    @POST
    @Path("/{id}/email-reply")
    @Operation(summary = "Leave an email address for the reply", description = "Roles: user, visitor. For when no "
            + "agent is available (GET /api/support/availability): needs the subject's consent to support.email-reply, "
            + "stores the address encrypted, and puts the conversation in the agents' queue; each agent reply is "
            + "also mailed. The address goes with the conversation, or when the consent is withdrawn.")
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "No consent to a reply by email recorded, or the conversation "
            + "is closed", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Not an email address",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConversationView emailReply(@PathParam("id") UUID id, @Valid @NotNull EmailReplyRequest request) {
        caller.requireUnrestricted();
        return Views.ConversationView.of(emailReplies.leave(caller.id(), id, request.email()));
    }

    @POST
    @Path("/{id}/close")
    @Operation(summary = "Close a conversation", description = "Roles: user, visitor. Closing twice changes nothing.")
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConversationView close(@PathParam("id") UUID id) {
        return Views.ConversationView.of(conversations.close(caller.id(), id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a conversation now", description = "Roles: user, visitor. The conversation and its "
            + "messages are deleted at once, and the deletion is announced.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such conversation of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response delete(@PathParam("id") UUID id) {
        conversations.delete(caller.id(), id);
        return Response.noContent().build();
    }

    private void limit(UUID subject) {
        rateLimiter.acquire("chat-messages-subject", subject.toString(), config.messagesPerMinute(), Duration.ofMinutes(1));
        rateLimiter.acquire("chat-messages-address", client.address(), config.messagesPerMinutePerAddress(),
                Duration.ofMinutes(1));
    }

    private static Views.ExchangeView exchange(Conversations.Exchange exchange) {
        return new Views.ExchangeView(exchange.conversationId(), Views.MessageView.of(exchange.message()),
                exchange.answer() == null ? null : Views.MessageView.of(exchange.answer()), exchange.offerHuman());
    }

}
