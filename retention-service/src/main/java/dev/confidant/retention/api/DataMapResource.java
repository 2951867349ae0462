package dev.confidant.retention.api;

import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.retention.service.DataMap;
import dev.confidant.retention.service.DataOwners;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/api")
@Tag(name = "Data map", description = "What the suite holds about a subject, where, since when, until when")
@Produces(MediaType.APPLICATION_JSON)
public class DataMapResource {

    @Inject
    DataMap dataMap;

    @Inject
    DataOwners owners;

    @Inject
    CallerSubject caller;

    @GET
    @Path("/data-map/me")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "What you hold about me", description = "Roles: user, visitor. Every piece of my personal "
            + "data the services have announced: which service, category and store, since when, and when it expires.")
    public Views.SubjectDataMap mine() {
        UUID subject = caller.id();
        return new Views.SubjectDataMap(subject, dataMap.of(subject).stream().map(Views.DataMapEntry::of).toList());
    }

    @GET
    @Path("/data-map/{subjectId}")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "A subject's data map", description = "Roles: dpo. Recorded in the staff access log.")
    @APIResponse(responseCode = "404", description = "Not a subject id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.SubjectDataMap of(@PathParam("subjectId") UUID subject) {
        return new Views.SubjectDataMap(subject,
                dataMap.forStaff(subject).stream().map(Views.DataMapEntry::of).toList());
    }

    @GET
    @Path("/data-owners")
    @RolesAllowed({Roles.DPO, Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "The registered data owners", description = "Roles: dpo, auditor, admin. Each service with "
            + "the categories and stores it announced; an erasure needs an acknowledgement from every one.")
    public List<DataOwners.Owner> owners() {
        return owners.all();
    }
}
