package dev.confidant.chat.api;

import dev.confidant.chat.service.SupportAvailability;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/support")
@Tag(name = "Support", description = "Whether a person can reach a human now")
@Produces(MediaType.APPLICATION_JSON)
public class SupportResource {

    @Inject
    SupportAvailability availability;

    @GET
    @Path("/availability")
    @PermitAll
    @Operation(summary = "Can a human answer now?", description = "Public. agentsAvailable is false outside support "
            + "hours (reason outside-hours) or when no agent has been at the desk lately (reason nobody-online): the "
            + "widget then offers to leave an email address for the reply instead of waiting.")
    public SupportAvailability.Availability now() {
        return availability.now();
    }
}
