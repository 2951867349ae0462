package dev.confidant.platform.runtime.security;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import dev.confidant.platform.runtime.problem.ProblemException;
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

    @Inject
    java.time.Clock clock;

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

    /**
     * Refuses (403) a caller whose account awaits a parent's or guardian's agreement ({@code restricted} claim): until
     * then it may read and delete what it has, but not put anything new in.
     */
    public void requireUnrestricted() {
        if (Boolean.TRUE.equals(restricted(token))) {
            throw ProblemException.forbidden("A parent or guardian must agree to this account first; we have written "
                    + "to them.");
        }
    }

    /** The {@code restricted} claim of a token, whatever JSON type carried it. */
    public static Boolean restricted(JsonWebToken token) {
        Object claim = token.getClaim("restricted");
        if (claim instanceof Boolean flag) {
            return flag;
        }
        if (claim instanceof jakarta.json.JsonValue value) {
            return value == jakarta.json.JsonValue.TRUE;
        }
        return claim != null && Boolean.parseBoolean(claim.toString());
    }

    /** How recent a sign-in a sensitive action needs ({@link #requireRecentSignIn()}). */
    public static final java.time.Duration STEP_UP_MAX_AGE = java.time.Duration.ofMinutes(5);

    /**
     * Refuses (401, a step-up challenge) a sensitive action unless the caller signed in with their password within
     * {@link #STEP_UP_MAX_AGE} ({@code auth_time}): erasure, an email change, staff and role changes. A stolen
     * access token alone cannot do them.
     */
    public void requireRecentSignIn() {
        Object claim = token.getClaim("auth_time");
        long authTime;
        if (claim instanceof Number number) {
            authTime = number.longValue();
        } else if (claim instanceof jakarta.json.JsonNumber number) {
            authTime = number.longValue();
        } else {
            authTime = -1;
        }
        if (authTime < 0 || java.time.Instant.ofEpochSecond(authTime).isBefore(
                clock.instant().minus(STEP_UP_MAX_AGE))) {
            throw ProblemException.stepUpRequired("Confirm your password to do this (POST /api/auth/step-up at "
                    + "account-service), then try again.", STEP_UP_MAX_AGE);
        }
    }

    /** Whether the caller is staff (agent, auditor, DPO, admin) rather than a data subject acting for themself. */
    public boolean isStaff() {
        Set<String> groups = token.getGroups();
        return groups != null && groups.stream().anyMatch(Roles.STAFF::contains);
    }
}
