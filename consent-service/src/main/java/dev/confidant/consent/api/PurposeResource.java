package dev.confidant.consent.api;

import dev.confidant.consent.domain.LawfulBasis;
import dev.confidant.consent.service.PurposeCatalogue;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/purposes")
@Tag(name = "Purposes", description = "The catalogue of processing purposes and their lawful bases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PurposeResource {

    /** A DPO's version of a purpose. */
    public record PurposeEdit(String title, String description, LawfulBasis lawfulBasis, List<String> categories,
                              Boolean gpcRefusable, String reason) {
    }

    @Inject
    PurposeCatalogue catalogue;

    @Inject
    CallerSubject caller;

    @GET
    @PermitAll
    @Operation(summary = "The purpose catalogue", description = "Public. Every purpose with its one lawful basis "
            + "(GDPR Art. 6), the data categories it uses, and whether it needs consent.")
    public List<Views.PurposeView> list() {
        return catalogue.all().stream().map(Views.PurposeView::of).toList();
    }

    @GET
    @Path("/{code}")
    @PermitAll
    @Operation(summary = "One purpose", description = "Public.")
    @APIResponse(responseCode = "404", description = "No such purpose", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.PurposeView get(@PathParam("code") String code) {
        return catalogue.find(code).map(Views.PurposeView::of)
                .orElseThrow(() -> ProblemException.notFound("no purpose " + code));
    }

    @GET
    @Path("/{code}/revisions")
    @PermitAll
    @Operation(summary = "Every version of a purpose", description = "Public: what the catalogue said, when, and why "
            + "it changed.")
    @APIResponse(responseCode = "404", description = "No such purpose", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<Views.PurposeRevisionView> revisions(@PathParam("code") String code) {
        List<Views.PurposeRevisionView> revisions = catalogue.revisions(code).stream()
                .map(Views.PurposeRevisionView::of).toList();
        if (revisions.isEmpty()) {
            throw ProblemException.notFound("no purpose " + code);
        }
        return revisions;
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Create or change a purpose", description = "Roles: dpo. Every change is a new revision "
            + "with its reason; the same content again changes nothing.")
    @APIResponse(responseCode = "200", description = "Changed, or already so")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Malformed JSON", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response put(@PathParam("code") String code, @NotNull PurposeEdit edit) {
        PurposeCatalogue.Edited edited = catalogue.edit(code, new PurposeCatalogue.Edit(edit.title(),
                edit.description(), edit.lawfulBasis(), edit.categories(), Boolean.TRUE.equals(edit.gpcRefusable()),
                edit.reason()), caller.id());
        return Response.status(edited.created() ? 201 : 200).entity(Views.PurposeView.of(edited.purpose())).build();
    }
}
