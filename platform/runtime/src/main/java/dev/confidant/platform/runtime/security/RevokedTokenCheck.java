package dev.confidant.platform.runtime.security;

import dev.confidant.platform.events.RevocationReason;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses (401) a verified access token that is revoked ({@link TokenRevocations}): logged out, its password changed,
 * its roles changed, its subject being erased. One exception: an erased subject's earlier token may still read the
 * paths this service lists in {@code confidant.security.readable-after-erasure} (retention-service: the subject's
 * request and its certificate), with GET, and nothing else. Code that verifies a token itself (chat-service's
 * WebSocket) asks {@link TokenRevocations#check} directly.
 */
@ApplicationScoped
public class RevokedTokenCheck implements SecurityIdentityAugmentor {

    @Inject
    TokenRevocations revocations;

    @ConfigProperty(name = "confidant.security.readable-after-erasure")
    Optional<List<String>> readableAfterErasure;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
                                         Map<String, Object> attributes) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token) {
            Optional<RevocationReason> reason = revocations.check(token);
            if (reason.isPresent() && !(reason.get().erasesSubject() && readableAfterErasure(identity, attributes))) {
                return Uni.createFrom().failure(new AuthenticationFailedException("the token was revoked"));
            }
        }
        return Uni.createFrom().item(identity);
    }

    private boolean readableAfterErasure(SecurityIdentity identity, Map<String, Object> attributes) {
        List<String> paths = readableAfterErasure.orElse(List.of());
        if (paths.isEmpty()) {
            return false;
        }
        RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        if (request == null) {
            request = HttpSecurityUtils.getRoutingContextAttribute(identity);
        }
        if (request == null || request.request().method() != HttpMethod.GET) {
            return false;
        }
        String path = request.normalizedPath();
        return paths.stream().anyMatch(path::startsWith);
    }
}
