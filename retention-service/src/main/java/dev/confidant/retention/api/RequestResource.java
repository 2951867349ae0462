package dev.confidant.retention.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.retention.domain.ErasureRequest;
import dev.confidant.retention.domain.ErasureStatus;
import dev.confidant.retention.service.ErasureCertificates;
import dev.confidant.retention.service.ErasureRequests;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

@Path("/api/requests")
@Tag(name = "Data-subject requests", description = "Erasure requests, their progress and certificates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RequestResource {

    /** A DPO's request names the subject; a subject's own request has no body. */
    public record ErasureBody(String subjectId) {
    }

    public record Extension(String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OwnerView(String owner, Instant acknowledgedAt, JsonNode erased, JsonNode retained) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestView(UUID id, UUID subjectId, String origin, ErasureStatus status, Instant receivedAt,
                              Instant deadline, long daysLeft, String extensionReason, String heldReason,
                              Instant completedAt, List<OwnerView> owners) {
    }

    public record CertificateView(UUID requestId, String jws, JsonNode certificate) {
    }

    @Inject
    ErasureRequests requests;

    @Inject
    ErasureCertificates certificates;

    @Inject
    CallerSubject caller;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @POST
    @Path("/erasure")
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.DPO})
    @Operation(summary = "Request erasure", description = "Roles: user, visitor (for themselves, no body), dpo (any "
            + "subject: {\"subjectId\"}). Due within one calendar month; waits while a legal hold stands. An open "
            + "request for the subject is returned rather than a second one.")
    @APIResponse(responseCode = "202", description = "Received; Location names it")
    @APIResponse(responseCode = "422", description = "A DPO's request without a valid subject id",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response erasure(ErasureBody body) {
        ErasureRequest request;
        if (caller.hasRole(Roles.DPO) && body != null && body.subjectId() != null) {
            UUID subject;
            try {
                subject = UUID.fromString(body.subjectId());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("subjectId", "must be a subject id (UUID)");
            }
            request = requests.receive(subject, ErasureOrigin.DPO, caller.id());
        } else if (caller.hasRole(Roles.USER) || caller.hasRole(Roles.VISITOR)) {
            request = requests.receive(caller.id(), ErasureOrigin.SUBJECT, null);
        } else {
            throw ProblemException.invalidField("subjectId", "name the subject whose data is to be erased");
        }
        return Response.accepted(view(request)).location(URI.create("/api/requests/" + request.id)).build();
    }

    @GET
    @RolesAllowed({Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "Open requests", description = "Roles: dpo, auditor. The nearest deadline first, with the "
            + "days left.")
    public List<RequestView> open() {
        return requests.open().stream().map(this::view).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "One request", description = "Roles: the subject it is about, dpo, auditor. Its status and "
            + "every owner's answer.")
    @APIResponse(responseCode = "404", description = "No such request of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RequestView get(@PathParam("id") String id) {
        return view(visible(id));
    }

    @GET
    @Path("/{id}/certificate")
    @RolesAllowed({Roles.USER, Roles.VISITOR, Roles.DPO, Roles.AUDITOR})
    @Operation(summary = "The erasure certificate", description = "Roles: the subject it is about, dpo, auditor. A "
            + "compact JWS verifiable with /.well-known/jwks.json, and its content.")
    @APIResponse(responseCode = "404", description = "No such request of yours, or not complete yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public CertificateView certificate(@PathParam("id") String id) {
        ErasureRequest request = visible(id);
        String jws = certificates.of(request.id)
                .orElseThrow(() -> ProblemException.notFound("the request is not complete yet"));
        try {
            return new CertificateView(request.id, jws, json.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1])));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
    public RequestView extend(@PathParam("id") String id, Extension extension) {
        return view(requests.extend(uuid(id), extension == null ? null : extension.reason()));
    }

    /** The request, if the caller may see it: staff, or the subject it is about (404 for anyone else). */
    private ErasureRequest visible(String id) {
        ErasureRequest request = requests.find(uuid(id)).orElseThrow(() -> ProblemException.notFound("no such request"));
        if (!caller.hasRole(Roles.DPO) && !caller.hasRole(Roles.AUDITOR) && !request.subjectId.equals(caller.id())) {
            throw ProblemException.notFound("no such request");
        }
        return request;
    }

    private RequestView view(ErasureRequest r) {
        List<OwnerView> owners = requests.answers(r.id).stream().map(a -> new OwnerView(a.owner(), a.acknowledgedAt(),
                tree(a.erased()), tree(a.retained()))).toList();
        long daysLeft = r.status == ErasureStatus.COMPLETED ? 0
                : Math.max(0, Duration.between(clock.instant(), r.deadline).toDays());
        return new RequestView(r.id, r.subjectId, r.origin.name().toLowerCase().replace('_', '-'), r.status,
                r.receivedAt, r.deadline, daysLeft, r.extensionReason, r.heldReason, r.completedAt, owners);
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no such request");
        }
    }
}
