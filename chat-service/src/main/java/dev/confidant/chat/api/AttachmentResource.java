package dev.confidant.chat.api;

import dev.confidant.chat.service.Uploads;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

@Path("/api/attachments")
@Tag(name = "Attachments", description = "Files uploaded into conversations")
public class AttachmentResource {

    @Inject
    Uploads uploads;

    @Inject
    CallerSubject caller;

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "Download my file", description = "Roles: user, visitor (the owner only). Always as an "
            + "attachment, with X-Content-Type-Options: nosniff.")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "404", description = "No such file of yours", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response download(@PathParam("id") UUID id) {
        return file(uploads.download(caller.id(), id));
    }

    static Response file(Uploads.Download download) {
        String name = download.name();
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        return Response.ok(download.content(), download.upload().contentType)
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, no-store")
                .build();
    }
}
