package dev.confidant.platform.runtime.testapp;

import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Endpoints of the test application that exercise the shared error format and the caller's identity. */
@Path("/test")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TestResource {

    public record Signup(@NotBlank @Email String email, @NotNull @Size(min = 12) String password,
                         @Min(13) int age, List<@NotBlank String> tags) {
    }

    @Inject
    CallerSubject caller;

    @POST
    @Path("/signups")
    @PermitAll
    public Map<String, String> signup(@Valid @NotNull Signup signup) {
        return Map.of("status", "accepted");
    }

    @GET
    @Path("/search")
    @PermitAll
    public List<String> search(@QueryParam("limit") @Min(1) int limit) {
        return List.of();
    }

    @GET
    @Path("/things/{id}")
    @PermitAll
    public Map<String, String> thing(@PathParam("id") UUID id) {
        return Map.of("id", id.toString());
    }

    @GET
    @Path("/things")
    @PermitAll
    public Map<String, String> things(@QueryParam("after") UUID after) {
        return Map.of("after", String.valueOf(after));
    }

    @GET
    @Path("/me")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    public Map<String, Object> me() {
        return Map.of("subject", caller.id().toString(), "staff", caller.isStaff());
    }

    @GET
    @Path("/dpo-only")
    @RolesAllowed(Roles.DPO)
    public Map<String, String> dpoOnly() {
        return Map.of("ok", "yes");
    }

    @POST
    @Path("/conflict")
    @PermitAll
    public void conflict() {
        throw ProblemException.conflict("That email is already taken");
    }

    @POST
    @Path("/busy")
    @PermitAll
    public void busy() {
        throw ProblemException.tooManyRequests("Slow down", Duration.ofMillis(2500));
    }

    @GET
    @Path("/broken")
    @PermitAll
    public void broken() {
        throw new IllegalStateException("SELECT * FROM account WHERE email = 'alice@example.com'");
    }
}
