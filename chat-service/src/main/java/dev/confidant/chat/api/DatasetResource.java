package dev.confidant.chat.api;

import dev.confidant.chat.service.ImprovementDataset;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Roles;
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

import java.util.List;

@Path("/api/dpo/improvement-dataset")
@Tag(name = "Improvement dataset", description = "Consenting subjects' conversations, redacted and pseudonymised")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    @Inject
    ImprovementDataset dataset;

    @GET
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Export the improvement dataset", description = "Roles: dpo. Only conversations of subjects "
            + "whose consent to improving the service is granted; every message redacted; no subject ids; "
            + "conversation ids replaced by per-export pseudonyms. The export is recorded in the staff access log.")
    @APIResponse(responseCode = "400", description = "A bad limit", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<ImprovementDataset.Sample> export(@QueryParam("limit") @DefaultValue("500") int limit) {
        if (limit < 1 || limit > 5000) {
            throw ProblemException.badRequest("limit must be 1 to 5000");
        }
        return dataset.export(limit);
    }
}
