package dev.confidant.account.api;

import dev.confidant.account.service.AccountProfile;
import dev.confidant.account.service.StaffAccounts;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import java.util.Set;
import java.util.UUID;

@Path("/api/staff")
@Tag(name = "Staff", description = "Staff accounts and their roles")
@Produces(MediaType.APPLICATION_JSON)
public class StaffResource {

    public record NewStaff(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 100) String displayName,
                           @NotBlank @Size(max = 20) String role) {
    }

    /** The roles, and why (recorded with each grant and revocation). */
    public record RoleAssignment(@NotEmpty @Size(max = 6) Set<@NotBlank @Size(max = 20) String> roles,
                                 @NotBlank @Size(max = 1000) String reason) {
    }

    public record Deactivation(@NotBlank @Size(max = 1000) String reason) {
    }

    @Inject
    StaffAccounts staff;

    @Inject
    CallerSubject caller;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a staff account", description = "Roles: admin, signed in within 5 minutes. The "
            + "holder is mailed a link to choose a password. Role: agent, auditor, dpo or admin.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "401", description = "No sign-in in the last 5 minutes (step-up: POST /api/auth/step-up)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The email has an account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Invalid fields or role", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response create(@Valid @NotNull NewStaff request) {
        caller.requireRecentSignIn();
        AccountProfile created = AccountProfile.of(staff.create(request.email(), request.displayName(), request.role(),
                caller.id()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @PUT
    @Path("/{subjectId}/roles")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set an account's roles", description = "Roles: admin, signed in within 5 minutes. Every "
            + "grant and revocation is recorded with who made it and the reason given, and the holder's tokens end at "
            + "once. An admin cannot remove their own admin role.")
    @APIResponse(responseCode = "200", description = "The account with its new roles")
    @APIResponse(responseCode = "401", description = "No sign-in in the last 5 minutes (step-up: POST /api/auth/step-up)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Would remove the caller's own admin role",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AccountProfile setRoles(@PathParam("subjectId") UUID subject, @Valid @NotNull RoleAssignment assignment) {
        caller.requireRecentSignIn();
        return AccountProfile.of(staff.setRoles(subject, assignment.roles(), caller.id(), assignment.reason()));
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Staff accounts", description = "Roles: admin. Every account holding a staff role, "
            + "deactivated ones too, by email: roles, status, created, last active.")
    public List<Views.StaffView> list() {
        return staff.list().stream().map(Views.StaffView::of).toList();
    }

    @POST
    @Path("/{subjectId}/deactivate")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deactivate a staff account", description = "Roles: admin, signed in within 5 minutes. The "
            + "account signs in and renews no more and its tokens end at once, at every service; the roles it held "
            + "are recorded as deactivated, with the reason. An admin cannot deactivate themselves.")
    @APIResponse(responseCode = "200", description = "The account, deactivated")
    @APIResponse(responseCode = "401", description = "No sign-in in the last 5 minutes (step-up: POST /api/auth/step-up)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such staff account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Your own account, or one being deleted",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "No reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.StaffView deactivate(@PathParam("subjectId") UUID subject, @Valid @NotNull Deactivation deactivation) {
        caller.requireRecentSignIn();
        return Views.StaffView.of(staff.deactivate(subject, deactivation.reason(), caller.id()));
    }

    @GET
    @Path("/{subjectId}/role-changes")
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Operation(summary = "An account's role history", description = "Roles: admin, auditor.")
    public List<Views.RoleChangeView> roleChanges(@PathParam("subjectId") UUID subject) {
        return staff.history(subject).stream().map(Views.RoleChangeView::of).toList();
    }
}
