package dev.confidant.consent.api;

import dev.confidant.consent.config.ConsentConfig;
import dev.confidant.consent.domain.ClientNetwork;
import dev.confidant.consent.domain.ConsentActor;
import dev.confidant.consent.domain.ConsentMethod;
import dev.confidant.consent.domain.LedgerEntry;
import dev.confidant.consent.domain.PolicyTimeline;
import dev.confidant.consent.domain.PolicyVersion;
import dev.confidant.consent.service.ConsentChoices;
import dev.confidant.consent.service.ConsentReceipts;
import dev.confidant.consent.service.PrivacyPolicies;
import dev.confidant.consent.service.PurposeCatalogue;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.ClientContext;
import dev.confidant.platform.runtime.web.RateLimiter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/consents")
@Tag(name = "Consents", description = "A subject's own consent choices, notices and receipts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConsentResource {

    static final String GPC = "Sec-GPC";

    /**
     * Choices by purpose code ({@code true} grants, {@code false} refuses or withdraws), made under
     * {@code policyVersion} (default: the version in force) through {@code method} (banner, settings or api).
     */
    public record ConsentRequest(Map<String, Boolean> choices, String policyVersion, ConsentMethod method,
                                 String jurisdiction) {
    }

    /** A guardian's choices for a child, as received through a verified channel and recorded by a DPO. */
    public record GuardianChoices(Map<String, Boolean> choices, String policyVersion, String jurisdiction) {
    }

    @Inject
    ConsentChoices consents;

    @Inject
    PrivacyPolicies policies;

    @Inject
    PurposeCatalogue purposes;

    @Inject
    ConsentReceipts receipts;

    @Inject
    CallerSubject caller;

    @Inject
    ClientContext client;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    ConsentConfig config;

    @Inject
    Clock clock;

    @GET
    @Path("/me")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "My consent state", description = "Roles: user, visitor. Every purpose: its lawful basis and, "
            + "for consent-based ones, the state (not-set, granted, denied, reconsent-required). A request with "
            + "Sec-GPC: 1 records a refusal of the non-essential purposes the first time it is seen for the subject, "
            + "and never again; first signals count towards the client address's limit of consent changes (429).")
    public Views.ConsentStatusView mine(@HeaderParam(GPC) String gpc) {
        UUID subject = caller.id();
        ConsentChoices.Recorded recorded = isGpc(gpc)
                ? consents.honourGpc(subject, context(ConsentMethod.GPC, null), this::limitAddress)
                : new ConsentChoices.Recorded(List.of(), List.of());
        return status(subject, recorded);
    }

    @POST
    @Path("/me")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "Grant, refuse or withdraw", description = "Roles: user, visitor. One call for any number of "
            + "purposes; withdrawing is as easy as granting. Each change is appended to the ledger, answered with a "
            + "signed consent receipt and announced on confidant.consent. The same choice again records nothing; "
            + "made under a newer policy version it is a reconfirmation.")
    @APIResponse(responseCode = "200", description = "The new state, the entries recorded and their receipts")
    @APIResponse(responseCode = "400", description = "Malformed JSON", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The policy version was superseded",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Unknown purpose, a purpose not based on consent, or invalid "
            + "fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many changes in a minute; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConsentStatusView choose(@NotNull ConsentRequest request, @HeaderParam(GPC) String gpc) {
        ConsentMethod method = request.method() == null ? ConsentMethod.API : request.method();
        if (method == ConsentMethod.GPC || method == ConsentMethod.GUARDIAN) {
            throw ProblemException.invalidField("method", "must be banner, settings or api");
        }
        UUID subject = limited(caller.id());
        ConsentChoices.Recorded recorded = consents.choose(subject, request.choices(), request.policyVersion(),
                context(method, request.jurisdiction()), isGpc(gpc));
        return status(subject, recorded);
    }

    @DELETE
    @Path("/me/{purpose}")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "Withdraw one consent", description = "Roles: user, visitor. The same as choosing false for "
            + "it; announced at once so every service stops that processing.")
    @APIResponse(responseCode = "404", description = "No such purpose", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "The purpose is not based on consent",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConsentStatusView withdraw(@PathParam("purpose") String purpose) {
        if (purposes.find(purpose).isEmpty()) {
            throw ProblemException.notFound("no purpose " + purpose);
        }
        UUID subject = limited(caller.id());
        ConsentChoices.Recorded recorded = consents.choose(subject, Map.of(purpose, false), null,
                context(ConsentMethod.SETTINGS, null), false);
        return status(subject, recorded);
    }

    @GET
    @Path("/me/notices")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "Policy changes I have not seen", description = "Roles: user, visitor. Versions published "
            + "after the one my choices were made under, including ones not yet in effect. Choosing again under the "
            + "newest version clears them; after a material version takes effect, consent must be given again.")
    public List<Views.NoticeView> notices() {
        Instant now = clock.instant();
        return consents.notices(caller.id()).stream().map(entry -> notice(entry, now)).toList();
    }

    @GET
    @Path("/me/receipts")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "My consent receipts", description = "Roles: user, visitor. Every receipt, oldest first, as "
            + "compact JWS verifiable with the keys at /.well-known/jwks.json.")
    public List<Views.ReceiptView> myReceipts() {
        return receipts.of(caller.id()).stream().map(Views.ReceiptView::of).toList();
    }

    @GET
    @Path("/me/history")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "My consent history", description = "Roles: user, visitor. Every choice I made, oldest first.")
    public List<Views.EntryView> history() {
        return consents.history(caller.id()).stream().map(Views.EntryView::forSubject).toList();
    }

    @POST
    @Path("/{subjectId}/guardian")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Record a guardian's choices for a child", description = "Roles: dpo. For a child, consent-"
            + "based purposes are allowed only with a guardian's grant; the DPO records the guardian's declaration "
            + "(method guardian, actor guardian, recorded by the DPO).")
    @APIResponse(responseCode = "400", description = "Malformed JSON", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "Not a subject id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The policy version was superseded",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Unknown purpose or invalid fields",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ConsentStatusView guardian(@PathParam("subjectId") UUID subject, @NotNull GuardianChoices request) {
        ConsentChoices.Context context = new ConsentChoices.Context(ConsentMethod.GUARDIAN, ConsentActor.GUARDIAN,
                caller.id(), client.userAgent(), ClientNetwork.of(client.address()), request.jurisdiction());
        ConsentChoices.Recorded recorded = consents.choose(subject, request.choices(), request.policyVersion(), context,
                false);
        return status(subject, recorded);
    }

    private UUID limited(UUID subject) {
        rateLimiter.acquire("consent-choices", subject.toString(), config.choicesPerMinute(), Duration.ofMinutes(1));
        limitAddress();
        return subject;
    }

    private void limitAddress() {
        rateLimiter.acquire("consent-changes-by-address", client.address(), config.changesPerAddressPerMinute(),
                Duration.ofMinutes(1));
    }

    private ConsentChoices.Context context(ConsentMethod method, String jurisdiction) {
        return new ConsentChoices.Context(method, ConsentActor.SUBJECT, null, client.userAgent(),
                ClientNetwork.of(client.address()), jurisdiction);
    }

    private Views.ConsentStatusView status(UUID subject, ConsentChoices.Recorded recorded) {
        String current = policies.timeline().current(clock.instant()).map(PolicyTimeline.Entry::version).orElse(null);
        List<Views.PurposeStateView> states = consents.status(subject).stream().map(Views.PurposeStateView::of).toList();
        List<LedgerEntry> entries = recorded.entries();
        return new Views.ConsentStatusView(subject, current, states, consents.notices(subject).size(),
                entries.stream().map(Views.EntryView::forSubject).toList(),
                recorded.receipts().stream().map(r -> r.jws).toList());
    }

    private static Views.NoticeView notice(PolicyVersion version, Instant now) {
        return new Views.NoticeView(version.version, version.summary, version.material, version.effectiveAt,
                !version.effectiveAt.isAfter(now), version.material);
    }

    static boolean isGpc(String header) {
        return header != null && header.trim().equals("1");
    }
}
