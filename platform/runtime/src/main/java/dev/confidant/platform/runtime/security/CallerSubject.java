package dev.confidant.platform.runtime.security;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;
import java.util.UUID;

/**
 * The one way to know who is calling: the subject UUID in the verified access token's {@code sub} claim, and its
 * roles. A request without a valid token, or whose {@code sub} is not a UUID, is answered 401.
 */
@RequestScoped
public class CallerSubject {

    @Inject
    JsonWebToken token;

    /** The caller's pseudonymous subject id. */
    public UUID id() {
        String subject = token.getSubject();
        if (subject == null) {
            throw new UnauthorizedException("no authenticated subject");
        }
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException("token subject is not a subject id");
        }
    }

    /** Whether the caller holds {@code role}. */
    public boolean hasRole(String role) {
        Set<String> groups = token.getGroups();
        return groups != null && groups.contains(role);
    }

    /** Whether the caller is staff (agent, auditor, DPO, admin) rather than a data subject acting for themself. */
    public boolean isStaff() {
        Set<String> groups = token.getGroups();
        return groups != null && groups.stream().anyMatch(Roles.STAFF::contains);
    }
}
