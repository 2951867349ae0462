package dev.confidant.account.api;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.service.AccountProfile;
import dev.confidant.account.service.Accounts;
import dev.confidant.account.service.Authentication;
import dev.confidant.account.service.Credentials;
import dev.confidant.account.service.Registrations;
import dev.confidant.platform.runtime.mail.MailText;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.ClientContext;
import dev.confidant.platform.runtime.web.SharedRateLimiter;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

@Path("/api/accounts")
@Tag(name = "Accounts", description = "Registration, the holder's own profile, export and deletion")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    static final String HOLDERS = "Roles: user, agent, auditor, dpo, admin (the caller's own account only).";

    /** A name goes into mails to other people (a guardian): no line breaks, tabs or invisible formatting characters. */
    static final String PLAIN_TEXT = MailText.PLAIN_TEXT;
    static final String PLAIN_TEXT_MESSAGE = "must not contain line breaks or control characters";

    public record Registration(
            @NotBlank @Size(max = 254) String email,
            @NotNull @Size(max = 128) String password,
            @NotBlank @Size(max = 100) @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE) String displayName,
            @NotNull @Past LocalDate dateOfBirth,
            @Pattern(regexp = "[A-Z]{2}|EU", message = "must be an ISO 3166 country code or EU") String jurisdiction,
            @Size(max = 254) String guardianEmail) {
    }

    /** Either field or both; a new email applies once the link mailed to it is opened. */
    public record ProfileCorrection(@Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
                                    @Pattern(regexp = PLAIN_TEXT, message = PLAIN_TEXT_MESSAGE) String displayName,
                                    @Size(max = 254) String email) {
    }

    public record DeletionConfirmation(@NotNull @Size(max = 128) String password) {
    }

    public record PasswordChange(@NotNull @Size(max = 128) String currentPassword,
                                 @NotNull @Size(max = 128) String newPassword) {
    }

    @Inject
    Registrations registrations;

    @Inject
    Accounts accounts;

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

    @POST
    @PermitAll
    @Operation(summary = "Register", description = "Public. Sends a verification link by mail. Under 13 the "
            + "registration is refused and nothing is kept; under the guardian age of the jurisdiction (16 by "
            + "default) a guardian must confirm by mail. An address that already has an account gets a mail "
            + "instead, and the answer and its timing are the same. A visitor token in Authorization links that widget "
            + "session. Rate-limited per client address (429); at most 5 such mails a day reach one address.")
    @APIResponse(responseCode = "202", description = "Accepted; check the mailbox")
    @APIResponse(responseCode = "400", description = "Malformed JSON or unknown field",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Invalid fields, weak password, or under the minimum age",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many registrations from this address",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response register(@Valid @NotNull Registration registration) {
        rateLimiter.acquire("registration", client.address(), config.registrationsPerHour(), Duration.ofHours(1));
        Registrations.Outcome outcome = registrations.register(new Registrations.NewAccount(registration.email(),
                registration.password(), registration.displayName(), registration.dateOfBirth(),
                registration.jurisdiction(), registration.guardianEmail()), AuthResource.visitorOf(token));
        String message = outcome.guardianNeeded()
                ? "Check your mailbox to confirm your address. We also wrote to your parent or guardian: the account "
                + "stays restricted until they agree."
                : "Check your mailbox to confirm your address.";
        return Response.accepted(new Views.RegistrationAccepted("pending-verification",
                outcome.guardianNeeded(), message)).build();
    }

    @GET
    @Path("/verify-email")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirm an email address", description = "Public: the link in the verification mail.")
    @APIResponse(responseCode = "200", description = "Confirmed")
    @APIResponse(responseCode = "404", description = "Unknown, used or expired link")
    public Response verifyEmail(@QueryParam("token") String token) {
        return page(registrations.verifyEmail(token), "Your email address is confirmed.",
                "This link is not valid any more. Log in to ask for a new one.");
    }

    /** The token of a mailed link that a page's button posts (a guardian's agreement, undoing an email change). */
    public record MailedLink(@NotBlank @Size(max = 100) String token) {
    }

    @GET
    @Path("/confirm-guardian")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The page a guardian's link opens", description = "Public. A page with one button that "
            + "posts the link's token (POST /api/accounts/confirm-guardian): opening the link alone, as mail scanners "
            + "do, agrees to nothing.")
    @APIResponse(responseCode = "200", description = "The page")
    public Response guardianPage() {
        return LinkPages.page(GUARDIAN_PAGE);
    }

    @POST
    @Path("/confirm-guardian")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A guardian agrees to a child's account", description = "Public: the button on the page "
            + "the guardian's mailed link opens. The account becomes active and its tokens are no longer restricted.")
    @APIResponse(responseCode = "204", description = "Confirmed")
    @APIResponse(responseCode = "404", description = "Unknown, used or expired link",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response confirmGuardian(@Valid @NotNull MailedLink confirmation) {
        if (!registrations.confirmGuardian(confirmation.token())) {
            throw ProblemException.notFound("This link is not valid any more.");
        }
        return Response.noContent().build();
    }

    private static final String GUARDIAN_PAGE = LinkPages.button("Confidant: a child's account",
            "A child's account is waiting for you", "You were named as the parent or guardian of someone who opened an "
                    + "account with us. Until you agree, the account cannot chat, upload files or consent to anything "
                    + "beyond what the service needs to work.",
            "I agree to this account", "/api/accounts/confirm-guardian", "Thank you: the account is now active.");

    @GET
    @Path("/lookup")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Find a person's subject id by email", description = "Roles: dpo. For a request that "
            + "arrives by mail or phone: the subject id, status and creation date of the account registered with the "
            + "address; recorded in the staff access log.")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "No account has this address", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "No address given", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.SubjectFound lookUp(@QueryParam("email") String email) {
        if (email == null || email.isBlank() || email.length() > 254) {
            throw ProblemException.invalidField("email", "must be an email address");
        }
        return accounts.lookUp(email).map(Views.SubjectFound::of)
                .orElseThrow(() -> ProblemException.notFound("No account has this address"));
    }

    @GET
    @Path("/me")
    @RolesAllowed({Roles.USER, Roles.AGENT, Roles.AUDITOR, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Read my profile", description = HOLDERS)
    public AccountProfile me() {
        return AccountProfile.of(accounts.current(token));
    }

    @PATCH
    @Path("/me")
    @RolesAllowed({Roles.USER, Roles.AGENT, Roles.AUDITOR, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Correct my profile", description = HOLDERS + " Each applied change is recorded: field, "
            + "who, when. A new email address applies once the link mailed to it is opened (pendingEmail until then).")
    @APIResponse(responseCode = "200", description = "The corrected profile")
    @APIResponse(responseCode = "401", description = "An email change without a sign-in in the last 5 minutes "
            + "(step-up: POST /api/auth/step-up)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AccountProfile correct(@Valid @NotNull ProfileCorrection correction) {
        if (correction.displayName() == null && correction.email() == null) {
            throw ProblemException.invalidFields(List.of(
                    new Problem.FieldError("displayName", "give displayName, email or both"),
                    new Problem.FieldError("email", "give displayName, email or both")));
        }
        if (correction.email() != null) {
            // who controls the address controls the account: a stolen access token alone must not move it
            caller.requireRecentSignIn();
        }
        return AccountProfile.of(accounts.rectify(token, correction.displayName(), correction.email()));
    }

    @GET
    @Path("/confirm-email-change")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirm a new email address", description = "Public: the link mailed to the new address.")
    @APIResponse(responseCode = "200", description = "The account now uses the new address")
    @APIResponse(responseCode = "404", description = "Unknown, used or expired link, or the address was taken")
    public Response confirmEmailChange(@QueryParam("token") String token) {
        return page(accounts.confirmEmailChange(token), "Your account now uses this email address.",
                "This link is not valid any more.");
    }

    @GET
    @Path("/undo-email-change")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The page the undo link opens", description = "Public: the link mailed to the old address "
            + "after an email change. A page with one button (POST /api/accounts/undo-email-change); opening the link "
            + "alone changes nothing.")
    @APIResponse(responseCode = "200", description = "The page")
    public Response undoEmailChangePage() {
        return LinkPages.page(UNDO_PAGE);
    }

    @POST
    @Path("/undo-email-change")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Undo an email change", description = "Public: the button on the page the old address's "
            + "link opens, within 7 days. The old address is back, every login of the account ends, and a "
            + "password-reset link goes to the old address.")
    @APIResponse(responseCode = "204", description = "Undone")
    @APIResponse(responseCode = "404", description = "Unknown, used or expired link, or the old address is taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response undoEmailChange(@Valid @NotNull MailedLink link) {
        if (!accounts.undoEmailChange(link.token())) {
            throw ProblemException.notFound("This link is not valid any more.");
        }
        return Response.noContent().build();
    }

    private static final String UNDO_PAGE = LinkPages.button("Confidant: undo an email change",
            "Was it not you?", "The email address of your Confidant account was changed. Undo it to put this address "
                    + "back: everyone is signed out of the account, and we send you a link to choose a new password.",
            "Undo the change", "/api/accounts/undo-email-change",
            "Done: your account uses this address again. Check your mailbox for a link to choose a new password.");

    @DELETE
    @Path("/me")
    @RolesAllowed({Roles.USER, Roles.AGENT, Roles.AUDITOR, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Delete my account", description = HOLDERS + " Asks for the password again. Every token "
            + "is revoked at once; the data is erased across the suite and a certificate issued. The answer holds a "
            + "receipt, shown only this once: retention-service's GET /api/receipts/{receipt} follows the erasure "
            + "and returns its certificate without signing in.")
    @APIResponse(responseCode = "202", description = "Deletion requested: {\"status\", \"receipt\"}")
    @APIResponse(responseCode = "403", description = "The password does not match",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response delete(@Valid @NotNull DeletionConfirmation confirmation) {
        String receipt = accounts.requestDeletion(token, confirmation.password(),
                new Authentication.Client(client.address(), client.userAgent()));
        return Response.accepted(Map.of("status", "deletion-requested", "receipt", receipt))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/me/password")
    @RolesAllowed({Roles.USER, Roles.AGENT, Roles.AUDITOR, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Change my password", description = HOLDERS + " Ends every session and returns a "
            + "fresh login.")
    @APIResponse(responseCode = "200", description = "Changed; new tokens")
    @APIResponse(responseCode = "403", description = "The current password does not match",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "The new password is too short or too common",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.Tokens changePassword(@Valid @NotNull PasswordChange change) {
        return Views.Tokens.of(credentials.change(token, change.currentPassword(), change.newPassword(),
                new Authentication.Client(client.address(), client.userAgent())));
    }

    @GET
    @Path("/me/export")
    @RolesAllowed({Roles.USER, Roles.AGENT, Roles.AUDITOR, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Export my account data", description = HOLDERS + " Everything account-service holds "
            + "about the caller, as JSON.")
    public Response export() {
        return Response.ok(accounts.export(token))
                .header("Content-Disposition", "attachment; filename=\"confidant-account-export.json\"")
                .build();
    }

    private static Response page(boolean ok, String success, String failure) {
        String text = ok ? success : failure;
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Confidant</title></head>"
                + "<body><main><h1>Confidant</h1><p>" + text + "</p></main></body></html>";
        return Response.status(ok ? 200 : 404).type(MediaType.TEXT_HTML).entity(html).build();
    }
}
