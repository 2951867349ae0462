package dev.confidant.chat.api;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.ArticleText;
import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.service.AgentDesk;
import dev.confidant.chat.service.Snippets;
import dev.confidant.chat.service.Uploads;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/agent")
@Tag(name = "Agents", description = "Conversations handed to a human; every read is in the staff access log")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class AgentResource {

    @Inject
    AgentDesk desk;

    @Inject
    CallerSubject caller;

    @Inject
    Uploads uploads;

    @Inject
    Snippets snippets;

    @Inject
    ChatConfig config;

    @GET
    @Path("/conversations")
    @Operation(summary = "Conversations waiting for an agent", description = "Roles: agent. Longest waiting first; "
            + "no content. Any request at the desk marks the agent online for the widget's \"talk to a human\".")
    public List<Views.Waiting> waiting(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 200) {
            throw ProblemException.badRequest("limit must be 1 to 200");
        }
        return desk.waiting(caller.id(), limit).stream().map(w -> new Views.Waiting(w.conversation().id,
                w.conversation().handedOffAt, w.conversation().lastActivityAt, w.replyByEmail())).toList();
    }

    @GET
    @Path("/queue")
    @Operation(summary = "The desk", description = "Roles: agent. Conversations waiting (longest first) and those "
            + "agents hold, with who holds them and since when; no content, so not logged. The same snapshot reaches "
            + "the live connection /ws/agent whenever it changes.")
    public Views.AgentQueue queue() {
        desk.seen(caller.id());
        return queueView(desk.queue(), maxOpen(), Instant.now());
    }

    @POST
    @Path("/suggestions")
    @Operation(summary = "Suggested answers", description = "Roles: agent. Up to 3 help articles for the text (usually "
            + "the person's last message), by the assistant's retrieval, for the agent to edit and send. Nothing is "
            + "stored.")
    @APIResponse(responseCode = "422", description = "Blank or too long", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<Views.Suggestion> suggestions(@NotNull ConversationResource.NewMessage question) {
        return desk.suggest(question.text(), 3).stream().map(m -> new Views.Suggestion(m.article().slug(),
                m.article().lang(), m.article().title(), ArticleText.readable(m.article().body()),
                Math.round(m.score() * 1000) / 1000.0, m.sure())).toList();
    }

    @GET
    @Path("/snippets")
    @Operation(summary = "Saved replies", description = "Roles: agent. The team's snippets, by title.")
    public List<Views.SnippetView> snippets() {
        return snippets.all().stream().map(Views.SnippetView::of).toList();
    }

    @POST
    @Path("/snippets")
    @Operation(summary = "Save a reply", description = "Roles: agent. Title 1–100 characters, unique; text 1–4,000.")
    @APIResponse(responseCode = "201", description = "Saved")
    @APIResponse(responseCode = "409", description = "The title is taken", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response createSnippet(@NotNull SnippetText snippet) {
        return Response.status(201).entity(Views.SnippetView.of(snippets.create(caller.id(), snippet.title(),
                snippet.body()))).build();
    }

    @PUT
    @Path("/snippets/{id}")
    @Operation(summary = "Change a saved reply", description = "Roles: agent.")
    @APIResponse(responseCode = "404", description = "No such snippet", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.SnippetView updateSnippet(@PathParam("id") UUID id, @NotNull SnippetText snippet) {
        return Views.SnippetView.of(snippets.update(caller.id(), id, snippet.title(), snippet.body()));
    }

    @DELETE
    @Path("/snippets/{id}")
    @Operation(summary = "Delete a saved reply", description = "Roles: agent.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such snippet", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public void deleteSnippet(@PathParam("id") UUID id) {
        snippets.delete(id);
    }

    public record SnippetText(String title, String body) {
    }

    @POST
    @Path("/conversations/{id}/take")
    @Operation(summary = "Take a waiting conversation", description = "Roles: agent. Returns its messages; the read "
            + "is logged.")
    @APIResponse(responseCode = "404", description = "No such handed-off conversation",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not waiting (taken or closed), or you hold as many open "
            + "conversations as one agent may (confidant.chat.agents.max-open)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.AgentConversation take(@PathParam("id") UUID id) {
        return view(desk.take(caller.id(), id));
    }

    @GET
    @Path("/conversations/{id}")
    @Operation(summary = "Read a handed-off conversation", description = "Roles: agent. Only conversations handed to "
            + "a human, and once taken only by the agent who took it; the read is logged.")
    @APIResponse(responseCode = "404", description = "No such handed-off conversation",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.AgentConversation read(@PathParam("id") UUID id) {
        return view(desk.read(caller.id(), id));
    }

    @POST
    @Path("/conversations/{id}/messages")
    @Operation(summary = "Reply", description = "Roles: agent, who has taken the conversation. Also mailed when the "
            + "owner left an address for a reply by email and still consents to it.")
    @APIResponse(responseCode = "201", description = "Sent")
    @APIResponse(responseCode = "404", description = "No such handed-off conversation",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not taken by you", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Blank or too long", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response reply(@PathParam("id") UUID id, @NotNull ConversationResource.NewMessage message) {
        return Response.status(201).entity(Views.MessageView.of(
                desk.reply(caller.id(), id, message.text()))).build();
    }

    @POST
    @Path("/conversations/{id}/release")
    @Operation(summary = "Hand back to the assistant", description = "Roles: agent, who has taken the conversation.")
    @APIResponse(responseCode = "409", description = "Not taken by you", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConversationView release(@PathParam("id") UUID id) {
        return Views.ConversationView.of(desk.release(caller.id(), id));
    }

    @POST
    @Path("/conversations/{id}/close")
    @Operation(summary = "Close the conversation", description = "Roles: agent, who has taken the conversation.")
    @APIResponse(responseCode = "409", description = "Not taken by you", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConversationView close(@PathParam("id") UUID id) {
        return Views.ConversationView.of(desk.close(caller.id(), id));
    }

    @GET
    @Path("/attachments/{id}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download a file of a conversation I have taken", description = "Roles: agent, who has "
            + "taken the conversation; logged in the staff access log.")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "404", description = "No such file in a conversation you have taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response download(@PathParam("id") UUID id) {
        return AttachmentResource.file(uploads.downloadAsAgent(caller.id(), id));
    }

    private static Views.AgentConversation view(AgentDesk.AgentView view) {
        Conversation c = view.conversation();
        return new Views.AgentConversation(c.id, c.status, c.subjectId, c.handedOffAt, c.agentId, c.takenAt,
                c.firstResponseAt, view.replyByEmail(), view.messages().stream().map(Views.MessageView::of).toList(),
                view.attachments().stream().map(a -> Views.AttachmentView.of(a.upload(), a.name())).toList());
    }

    private int maxOpen() {
        return config.agents().maxOpen();
    }

    /** The queue as agents see it, over HTTP and on their live connections. */
    static Views.AgentQueue queueView(AgentDesk.Queue queue, int maxOpen, Instant at) {
        return new Views.AgentQueue(queue.waiting().stream().map(w -> new Views.Waiting(w.conversation().id,
                w.conversation().handedOffAt, w.conversation().lastActivityAt, w.replyByEmail())).toList(),
                queue.held().stream().map(Views.Held::of).toList(), queue.viewers(), maxOpen, at);
    }

}
