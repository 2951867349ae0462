package dev.confidant.retention.api;

import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.web.PathIds;
import dev.confidant.platform.runtime.security.Secrets;
import dev.confidant.retention.domain.AccessRequest;
import dev.confidant.retention.domain.ErasureRequest;
import dev.confidant.retention.service.AccessBundle;
import dev.confidant.retention.service.AccessRequests;
import dev.confidant.retention.service.DataMap;
import dev.confidant.retention.service.ErasureRequests;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Path("/api/requests")
@Tag(name = "Data-subject requests", description = "Erasure and access requests, their progress, certificates and "
        + "bundles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RequestResource {

    /** A DPO's request names the subject; a subject's own request has no body. */
    public record SubjectBody(
            @Pattern(regexp = PathIds.PATTERN, message = "must be a subject id (UUID)") String subjectId) {
    }

    public record Extension(String reason) {
    }

    @Inject
    ErasureRequests requests;

    @Inject
    AccessRequests accessRequests;

    @Inject
    RequestViews views;

    @Inject
    AccessBundle bundle;

    @Inject
    DataMap dataMap;

    @Inject
    CallerSubject caller;

    @POST
    @Path("/erasure")
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.DPO})
    @Operation(summary = "Request erasure", description = "Roles: user, visitor (for themselves, no body), dpo (any "
            + "subject: {\"subjectId\"}). Due within one calendar month; waits while a legal hold stands. An open "
            + "request for the subject is returned rather than a second one. The subject's own request answers with a "
            + "receipt, shown only this once: GET /api/receipts/{receipt} follows the request and returns its "
            + "certificate without signing in, also after the subject's tokens stop working.")
    @APIResponse(responseCode = "202", description = "Received; Location names it")
    @APIResponse(responseCode = "401", description = "A user or DPO without a sign-in in the last 5 minutes (step-up: "
            + "account-service POST /api/auth/step-up)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "A DPO's request without a valid subject id",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response erasure(@Valid SubjectBody body) {
        UUID subject = subjectOf(body, "erased");
        if (!caller.hasRole(Roles.VISITOR)) {
            // an account holder or a DPO proves a recent sign-in; a visitor has no password, only this token
            caller.requireRecentSignIn();
        }
        if (staffNaming(body)) {
            ErasureRequest request = requests.receive(subject, ErasureOrigin.DPO, caller.id());
            return Response.accepted(views.of(request)).location(URI.create("/api/requests/" + request.id)).build();
        }
        String receipt = Secrets.generate();
        ErasureRequest request = requests.receive(subject, ErasureOrigin.SUBJECT, null, Secrets.hash(receipt));
        return Response.accepted(views.of(request).forSubject().withReceipt(receipt))
                .location(URI.create("/api/requests/" + request.id)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/access")
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.DPO})
    @Operation(summary = "Request a copy of my data", description = "Roles: user, visitor (for themselves, no body), "
            + "dpo (any subject: {\"subjectId\"}). GDPR Art. 15/20: every data owner contributes its export; when all "
            + "have, /api/requests/{id}/bundle is a zip of JSON files with the data map, kept for 30 days. Due within "
            + "one calendar month. A request still collecting is returned rather than a second one.")
    @APIResponse(responseCode = "202", description = "Received; Location names it")
    @APIResponse(responseCode = "422", description = "A DPO's request without a valid subject id",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response access(@Valid SubjectBody body) {
        UUID subject = subjectOf(body, "copied");
        AccessRequest request = staffNaming(body) ? accessRequests.receive(subject, "dpo", caller.id())
                : accessRequests.receive(subject, "subject", null);
        return Response.accepted(views.of(request)).location(URI.create("/api/requests/" + request.id)).build();
    }

    @GET
    @Path("/{id}/bundle")
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.DPO})
    @Produces({"application/zip", Problem.MEDIA_TYPE})
    @Operation(summary = "Download the access bundle", description = "Roles: the subject it is about, dpo (recorded "
            + "in the staff access log). A zip: README.txt, request.json, data-map.json and one JSON file per data "
            + "owner.")
    @APIResponse(responseCode = "200", description = "The bundle", content = @Content(mediaType = "application/zip"))
    @APIResponse(responseCode = "404", description = "No such access request of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Still collecting the owners' exports",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "410", description = "The bundle's 30 days are over; its content is deleted",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response bundle(@PathParam("id") UUID id) {
        AccessRequest request = visibleAccess(id);
        if (request.status == AccessRequest.Status.COLLECTING) {
            throw ProblemException.conflict("still collecting the owners' exports; try again later");
        }
        if (request.status == AccessRequest.Status.EXPIRED) {
            throw ProblemException.gone("the bundle expired and its content was deleted; make a new request");
        }
        boolean own = request.subjectId.equals(caller.id());
        List<AccessRequests.Export> exports = bundle.exports(request, !own);
        Views.SubjectDataMap map = new Views.SubjectDataMap(request.subjectId,
                dataMap.of(request.subjectId).stream().map(Views.DataMapEntry::of).toList());
        AccessBundle.Contents contents = new AccessBundle.Contents(request.subjectId, views.of(request), map,
                history(request.subjectId), exports);
        return Response.ok((jakarta.ws.rs.core.StreamingOutput) out -> bundle.write(contents, out))
                .type("application/zip")
                .header("Content-Disposition", "attachment; filename=\"confidant-data-" + request.id + ".zip\"")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    @GET
    @RolesAllowed({Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "Open requests", description = "Roles: dpo, auditor. Erasure and access requests not yet "
            + "done, the nearest deadline first, with the days left.")
    public List<Views.RequestView> open() {
        return java.util.stream.Stream.concat(requests.open().stream().map(views::of),
                        accessRequests.open().stream().map(views::of))
                .sorted(java.util.Comparator.comparing(Views.RequestView::deadline)).toList();
    }

    @GET
    @Path("/mine")
    @RolesAllowed({Roles.USER, Roles.VISITOR})
    @Operation(summary = "My requests", description = "Roles: user, visitor. Every erasure and access request about "
            + "me, oldest first, with its status; after deleting an account its token still reaches this list, and the "
            + "certificate, until it expires.")
    public List<Views.RequestView> mine() {
        return history(caller.id());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "One request", description = "Roles: the subject it is about, dpo, auditor. Its status and "
            + "every owner's answer.")
    @APIResponse(responseCode = "404", description = "No such request of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.RequestView get(@PathParam("id") UUID id) {
        Optional<AccessRequest> access = accessRequests.find(id);
        Views.RequestView view = access.isPresent() ? views.of(visibleAccess(id)) : views.of(visible(id));
        return caller.hasRole(Roles.DPO) || caller.hasRole(Roles.AUDITOR) ? view : view.forSubject();
    }

    @GET
    @Path("/{id}/certificate")
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "The erasure certificate", description = "Roles: the subject it is about, dpo, auditor. A "
            + "compact JWS verifiable with /.well-known/jwks.json, and its content.")
    @APIResponse(responseCode = "404", description = "No such request of yours, or not complete yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.CertificateView certificate(@PathParam("id") UUID id) {
        return views.certificate(visible(id))
                .orElseThrow(() -> ProblemException.notFound("the request is not complete yet"));
    }

    /** A replay of the erasure log after a restore: from when the restored backup was taken, and why. */
    public record ReplayBody(String since, String reason) {
    }

    @POST
    @Path("/erasure/replay")
    @RolesAllowed({Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Replay the erasure log after restoring a backup", description = "Roles: dpo, admin. Sends "
            + "every erasure completed since `since` (when the restored backup was taken, ISO-8601) to the owners "
            + "again, so that what the backup brought back of erased subjects is erased again; with the reason "
            + "(which database was restored). Certificates stay as they are. docs/operations.md: back up and restore.")
    @APIResponse(responseCode = "202", description = "Sent: how many erasures")
    @APIResponse(responseCode = "422", description = "No `since`, one in the future, or no reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response replay(ReplayBody body) {
        Instant since = null;
        if (body != null && body.since() != null) {
            try {
                since = Instant.parse(body.since().trim());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField("since", "must be an ISO-8601 instant, e.g. 2026-11-30T02:00:00Z");
            }
        }
        ErasureRequests.Replay replay = requests.replay(since, body == null ? null : body.reason(), caller.id());
        return Response.accepted(replay).build();
    }

    @POST
    @Path("/{id}/extension")
    @RolesAllowed(Roles.DPO)
    @Operation(summary = "Extend the deadline by two months", description = "Roles: dpo. Once, with the reason "
            + "(GDPR Art. 12(3)).")
    @APIResponse(responseCode = "404", description = "No such request", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Complete, or already extended",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "No reason", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.RequestView extend(@PathParam("id") UUID id, Extension extension) {
        return views.of(requests.extend(id, extension == null ? null : extension.reason()));
    }

    /**
     * Whose data a new request is about: the named subject when a DPO names one, otherwise the caller (a user or
     * visitor); a DPO without a subject is told to name one.
     */
    private UUID subjectOf(SubjectBody body, String what) {
        if (staffNaming(body)) {
            return UUID.fromString(body.subjectId());
        }
        if (caller.hasRole(Roles.USER) || caller.hasRole(Roles.VISITOR)) {
            return caller.id();
        }
        throw ProblemException.invalidField("subjectId", "name the subject whose data is to be " + what);
    }

    private boolean staffNaming(SubjectBody body) {
        return caller.hasRole(Roles.DPO) && body != null && body.subjectId() != null;
    }

    /** The erasure request, if the caller may see it. */
    private ErasureRequest visible(UUID id) {
        ErasureRequest request = requests.find(id).orElseThrow(() -> ProblemException.notFound("no such request"));
        requireVisible(request.subjectId);
        return request;
    }

    /** The access request, if the caller may see it. */
    private AccessRequest visibleAccess(UUID id) {
        AccessRequest request = accessRequests.find(id)
                .orElseThrow(() -> ProblemException.notFound("no such request"));
        requireVisible(request.subjectId);
        return request;
    }

    /** Staff, or the subject a request is about, may see it; for anyone else it does not exist (404). */
    private void requireVisible(UUID subject) {
        if (!caller.hasRole(Roles.DPO) && !caller.hasRole(Roles.AUDITOR) && !subject.equals(caller.id())) {
            throw ProblemException.notFound("no such request");
        }
    }

    /** Every request about the subject as they see it, oldest first: retention-service's own part of the bundle. */
    private List<Views.RequestView> history(UUID subject) {
        return java.util.stream.Stream.concat(requests.of(subject).stream().map(views::of),
                        accessRequests.of(subject).stream().map(views::of))
                .map(Views.RequestView::forSubject)
                .sorted(java.util.Comparator.comparing(Views.RequestView::receivedAt)).toList();
    }

}
