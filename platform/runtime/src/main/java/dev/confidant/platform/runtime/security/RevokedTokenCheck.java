package dev.confidant.platform.runtime.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * Refuses (401) a verified access token of a subject this service has erased, when the token was issued before the
 * erasure. An in-memory lookup per authenticated request. Code that verifies a token itself (chat-service's
 * WebSocket) asks {@link RevokedSubjects#refuses} directly.
 */
@ApplicationScoped
public class RevokedTokenCheck implements SecurityIdentityAugmentor {

    @Inject
    RevokedSubjects revokedSubjects;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token) {
            UUID subject = subjectOf(token);
            if (subject != null && revokedSubjects.refuses(subject, token.getIssuedAtTime())) {
                return Uni.createFrom().failure(new AuthenticationFailedException("the token was revoked"));
            }
        }
        return Uni.createFrom().item(identity);
    }

    private static UUID subjectOf(JsonWebToken token) {
        try {
            return token.getSubject() == null ? null : UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
