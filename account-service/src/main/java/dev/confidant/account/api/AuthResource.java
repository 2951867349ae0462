package dev.confidant.account.api;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.config.TokenConfig;
import dev.confidant.account.service.Accounts;
import dev.confidant.account.service.Authentication;
import dev.confidant.account.service.Credentials;
import dev.confidant.account.service.ServiceClients;
import dev.confidant.account.service.Visitors;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.security.ServiceTokens;
import dev.confidant.platform.runtime.web.ClientContext;
import dev.confidant.platform.runtime.web.SharedRateLimiter;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Path("/api/auth")
@Tag(name = "Authentication", description = "Login, token refresh, logout, visitor tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    public record Login(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 128) String password) {
    }

    public record Refresh(@NotBlank @Size(max = 100) String refreshToken) {
    }

    /** The password again, for a sensitive action. */
    public record StepUp(@NotNull @Size(max = 128) String password) {
    }

    public record Logout(@Size(max = 100) String refreshToken, Boolean everywhere) {
    }

    public record ResetRequest(@NotBlank @Size(max = 254) String email) {
    }

    public record ResetConfirmation(@NotBlank @Size(max = 100) String token, @NotNull @Size(max = 128) String newPassword) {
    }

    @Inject
    Authentication authentication;

    @Inject
    ServiceClients serviceClients;

    @Inject
    Visitors visitors;

    @Inject
    Credentials credentials;

    @Inject
    ClientContext client;

    @Inject
    SharedRateLimiter rateLimiter;

    @Inject
    AccountConfig config;

    @Inject
    JsonWebToken token;

    @Inject
    CallerSubject caller;

    @Inject
    TokenConfig tokenConfig;

    @Inject
    Accounts accounts;

    @POST
    @Path("/login")
    @PermitAll
    @Operation(summary = "Log in", description = "Public. Returns a 15-minute access token and a refresh token. "
            + "A visitor token in Authorization links that widget session to the account. Every refusal, "
            + "including a lockout, is the same 401: 5 failures in 15 minutes lock that email from that client "
            + "address, or that address for every email; 20 lock the email from every address it has not signed in "
            + "from within 30 days. Rate-limited per client address, 30 a minute (429).")
    @APIResponse(responseCode = "200", description = "Logged in")
    @APIResponse(responseCode = "401", description = "Wrong email or password, or locked",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many attempts from this address",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "Too many sign-ins at once; retry after Retry-After seconds",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.Tokens login(@Valid @NotNull Login login) {
        rateLimiter.acquire("login", client.address(), config.loginsPerMinute(), Duration.ofMinutes(1));
        return Views.Tokens.of(authentication.login(login.email(), login.password(), client(), visitorOf(token)));
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Operation(summary = "Exchange a refresh token", description = "Public. Refresh tokens are single-use: the "
            + "response carries the next one. Presenting a used one revokes the whole login.")
    @APIResponse(responseCode = "200", description = "New tokens")
    @APIResponse(responseCode = "401", description = "Unknown, expired, revoked or reused refresh token",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.Tokens refresh(@Valid @NotNull Refresh refresh) {
        return Views.Tokens.of(authentication.refresh(refresh.refreshToken()));
    }

    @POST
    @Path("/step-up")
    @RolesAllowed({Roles.USER, Roles.AGENT, Roles.AUDITOR, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Confirm my password for a sensitive action", description = "Roles: any account holder. "
            + "Answers an access token of the same login whose auth_time is now: erasure, an email change, creating "
            + "staff and changing roles need a sign-in within the last 5 minutes (otherwise 401 with WWW-Authenticate: "
            + "Bearer error=\"insufficient_user_authentication\"). Rate-limited per subject.")
    @APIResponse(responseCode = "200", description = "A fresh access token")
    @APIResponse(responseCode = "403", description = "The password does not match",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many attempts", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.StepUpToken stepUp(@Valid @NotNull StepUp stepUp) {
        rateLimiter.acquire("step-up", caller.id().toString(), config.stepUpsPerMinute(), Duration.ofMinutes(1));
        return new Views.StepUpToken(accounts.stepUp(token, stepUp.password(), client()), "Bearer",
                tokenConfig.accessTokenTtl().toSeconds());
    }

    @POST
    @Path("/logout")
    @RolesAllowed({Roles.USER, Roles.AGENT, Roles.AUDITOR, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Log out", description = "Roles: any account holder. Revokes the login of the given "
            + "refresh token; with everywhere=true every login and every access token issued so far.")
    @APIResponse(responseCode = "204", description = "Logged out")
    public Response logout(@Valid Logout logout) {
        Logout request = logout == null ? new Logout(null, false) : logout;
        authentication.logout(caller.id(), request.refreshToken(), Boolean.TRUE.equals(request.everywhere()),
                client());
        return Response.noContent().build();
    }

    @POST
    @Path("/visitor")
    @PermitAll
    @Operation(summary = "Get a visitor token", description = "Public, rate-limited per client address. "
            + "A fresh anonymous subject with role visitor, valid 30 days; nothing is stored.")
    @APIResponse(responseCode = "201", description = "A visitor token")
    @APIResponse(responseCode = "429", description = "Too many requests from this address",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response visitorToken() {
        rateLimiter.acquire("visitor-token", client.address(), config.visitorTokensPerMinute(), Duration.ofMinutes(1));
        Visitors.VisitorToken visitor = visitors.issue();
        return Response.status(Response.Status.CREATED).entity(new Views.VisitorTokens(visitor.accessToken(), "Bearer",
                tokenConfig.visitorTokenTtl().toSeconds(), visitor.subjectId())).build();
    }

    @POST
    @Path("/token")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Get a service token", description = "Public, for services rather than people: the OAuth 2.0 "
            + "client-credentials grant (RFC 6749 §4.4) with the client id and secret in HTTP Basic. A token of a few "
            + "minutes with the client's service roles, valid only at the one service named in audience and only for "
            + "the one data subject named in subject (docs/security.md). Rate-limited per client address.")
    @APIResponse(responseCode = "200", description = "A service token")
    @APIResponse(responseCode = "400", description = "grant_type is not client_credentials, or audience or subject is "
            + "missing or malformed", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "Unknown client or wrong secret",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many requests", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ServiceToken serviceToken(@HeaderParam("Authorization") String authorization,
                                     @FormParam("grant_type") String grantType,
                                     @FormParam(ServiceTokens.AUDIENCE_PARAMETER) String audience,
                                     @FormParam(ServiceTokens.SUBJECT_PARAMETER) String subject) {
        rateLimiter.acquire("service-token", client.address(), config.serviceTokensPerMinute(), Duration.ofMinutes(1));
        if (!"client_credentials".equals(grantType)) {
            throw ProblemException.badRequest("grant_type must be client_credentials");
        }
        if (audience == null || !audience.matches("[a-z0-9][a-z0-9-]{0,62}") || audience.equals(tokenConfig.audience())) {
            throw ProblemException.badRequest("audience must name the one service the token is for, e.g. chat-service");
        }
        UUID dataSubject;
        try {
            dataSubject = UUID.fromString(subject == null ? "" : subject);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("subject must be the id of the one data subject the token is for");
        }
        String accessToken = serviceClients.tokenFor(authorization, audience, dataSubject).orElseThrow(() ->
                new UnauthorizedException("unknown client or wrong secret"));
        return new Views.ServiceToken(accessToken, "Bearer", config.serviceTokenTtl().toSeconds());
    }

    @POST
    @Path("/password-reset")
    @PermitAll
    @Operation(summary = "Ask for a password-reset link", description = "Public, rate-limited per client address. "
            + "Mails a one-hour link when the address has an account; the answer is the same either way.")
    @APIResponse(responseCode = "202", description = "If the address has an account, a link is on its way")
    @APIResponse(responseCode = "429", description = "Too many requests", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response requestReset(@Valid @NotNull ResetRequest request) {
        rateLimiter.acquire("password-reset", client.address(), config.passwordResetsPerMinute(), Duration.ofMinutes(1));
        credentials.requestReset(request.email());
        return Response.accepted(Map.of("status", "reset-link-sent-if-registered")).build();
    }

    @POST
    @Path("/password-reset/confirm")
    @PermitAll
    @Operation(summary = "Set a new password with a reset link", description = "Public. Ends every session.")
    @APIResponse(responseCode = "204", description = "The new password is set")
    @APIResponse(responseCode = "400", description = "Unknown, used or expired link",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "The new password is too short or too common",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response confirmReset(@Valid @NotNull ResetConfirmation confirmation) {
        credentials.reset(confirmation.token(), confirmation.newPassword(), client());
        return Response.noContent().build();
    }

    private Authentication.Client client() {
        return new Authentication.Client(client.address(), client.userAgent());
    }

    /** The visitor subject when the request carries a visitor token. */
    static Optional<UUID> visitorOf(JsonWebToken token) {
        try {
            if (token == null || token.getSubject() == null || token.getGroups() == null
                    || !token.getGroups().contains(Roles.VISITOR)) {
                return Optional.empty();
            }
        } catch (AuthenticationFailedException e) {
            // a visitor token that no longer holds (already linked, expired) links nothing; the login goes on
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(token.getSubject()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
