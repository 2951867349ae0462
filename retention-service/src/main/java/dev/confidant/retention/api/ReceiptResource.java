package dev.confidant.retention.api;

import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.retention.domain.ErasureRequest;
import dev.confidant.retention.service.ErasureRequests;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The subject's way back to their erasure once their tokens stop working (an account deletion revokes them at once,
 * an erasure refuses them everywhere): the receipt handed out when they asked is a 256-bit secret, so it is the only
 * credential, and only its SHA-256 is stored.
 */
@Path("/api/receipts")
@Tag(name = "Data-subject requests")
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    @Inject
    ErasureRequests requests;

    @Inject
    RequestViews views;

    @GET
    @Path("/{receipt}")
    @PermitAll
    @Operation(summary = "Follow my erasure with its receipt", description = "Public: the receipt is the credential. "
            + "Given when the subject asked for erasure (POST /api/requests/erasure) or deleted their account "
            + "(account-service). The request's status and every owner's answer; once complete, the signed "
            + "certificate, verifiable with /.well-known/jwks.json.")
    @APIResponse(responseCode = "200", description = "The request, and the certificate once complete")
    @APIResponse(responseCode = "404", description = "No request has this receipt",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response receipt(@PathParam("receipt") String receipt) {
        ErasureRequest request = requests.byReceipt(receipt)
                .orElseThrow(() -> ProblemException.notFound("no erasure request has this receipt"));
        // the certificate first: the request read after it is never older than it
        Views.CertificateView certificate = views.certificate(request).orElse(null);
        return Response.ok(new Views.ReceiptView(views.of(request).forSubject(), certificate))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
