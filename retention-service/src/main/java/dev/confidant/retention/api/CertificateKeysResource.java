package dev.confidant.retention.api;

import dev.confidant.platform.runtime.signing.JwsKeySet;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/.well-known/jwks.json")
@Tag(name = "Keys")
public class CertificateKeysResource {

    @Inject
    JwsKeySet keys;

    @GET
    @PermitAll
    @Produces("application/jwk-set+json")
    @Operation(summary = "The erasure certificate verification keys", description = "Public. Every certificate is a "
            + "JWS whose kid names one of these keys; retired keys stay so old certificates keep verifying.")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }
}
