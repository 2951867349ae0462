package dev.confidant.chat.api;

import dev.confidant.chat.service.KnowledgeArticles;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/articles")
@Tag(name = "Knowledge base", description = "The help articles the assistant answers from")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ArticleResource {

    public record ArticleEdit(String title, String body) {
    }

    @Inject
    KnowledgeArticles articles;

    @Inject
    CallerSubject caller;

    @GET
    @PermitAll
    @Operation(summary = "Every help article", description = "Public.")
    public List<Views.ArticleView> list() {
        return articles.all().stream().map(Views.ArticleView::of).toList();
    }

    @GET
    @Path("/{slug}")
    @PermitAll
    @Operation(summary = "One help article", description = "Public.")
    @APIResponse(responseCode = "404", description = "No such article", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ArticleView get(@PathParam("slug") String slug) {
        return articles.find(slug).map(Views.ArticleView::of)
                .orElseThrow(() -> ProblemException.notFound("no such article"));
    }

    @PUT
    @Path("/{slug}")
    @RolesAllowed({Roles.AGENT, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Write a help article", description = "Roles: agent, dpo, admin. Creates or replaces it; "
            + "the assistant answers from it at once.")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "422", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response put(@PathParam("slug") String slug, @NotNull ArticleEdit edit) {
        KnowledgeArticles.Saved saved = articles.save(slug, edit.title(), edit.body(), caller.id());
        return Response.status(saved.created() ? 201 : 200).entity(Views.ArticleView.of(saved.article())).build();
    }

    @DELETE
    @Path("/{slug}")
    @RolesAllowed({Roles.AGENT, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Remove a help article", description = "Roles: agent, dpo, admin.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such article", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response delete(@PathParam("slug") String slug) {
        if (!articles.delete(slug)) {
            throw ProblemException.notFound("no such article");
        }
        return Response.noContent().build();
    }
}
