package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.EmailAddress;
import dev.confidant.account.domain.LoginFailure;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.account.domain.SecurityLogEntry;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Login, refresh and logout. Every refusal of a login is the same 401, whether the address is unknown, the
 * password wrong or the account or client address locked: nothing tells an attacker which.
 */
@ApplicationScoped
public class Authentication {

    static final String LOGIN_REFUSED = "Email or password is wrong, or sign-in is temporarily locked after "
            + "too many attempts.";

    @Inject
    AccountConfig config;

    @Inject
    Revocations revocations;

    @Inject
    Passwords passwords;

    @Inject
    TokenIssuer tokens;

    @Inject
    Visitors visitors;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** Where a request comes from, for the lockout and the security log. */
    public record Client(String address, String userAgent) {
    }

    // Failure records must commit although the caller gets a 401.
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenIssuer.TokenPair login(String rawEmail, String password, Client client, Optional<UUID> visitor) {
        Instant now = clock.instant();
        String email = EmailAddress.normalise(rawEmail).orElse(null);
        if (email == null || password == null) {
            throw refused();
        }
        Instant since = now.minus(config.lockoutWindow());
        boolean locked = LoginFailure.lockedUntil("email", email, config.lockoutThreshold(), since,
                config.lockoutDuration(), now).isPresent()
                || LoginFailure.lockedUntil("clientAddress", client.address(), config.lockoutThreshold(), since,
                config.lockoutDuration(), now).isPresent();
        Account account = Account.findByEmail(email).filter(a -> !a.isDeletionRequested()).orElse(null);
        // Always spend a bcrypt check, locked or unknown, so timing does not tell them apart.
        boolean matches = passwords.matches(password, account == null ? null : account.passwordHash);
        if (locked || !matches) {
            LoginFailure failure = new LoginFailure();
            failure.email = email;
            failure.clientAddress = client.address();
            failure.failedAt = now;
            failure.persist();
            throw refused();
        }
        LoginFailure.delete("email", email);
        account.lastActiveAt = now;
        record(account.subjectId, "login", client, now);
        visitor.ifPresent(v -> visitors.link(v, account.subjectId));
        return tokens.login(account);
    }

    /**
     * Exchanges a refresh token for a new pair. A token presented a second time was copied: the whole family is
     * revoked, the legitimate holder included, and they must log in again.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenIssuer.TokenPair refresh(String refreshToken) {
        Instant now = clock.instant();
        RefreshToken token = refreshToken == null ? null
                : RefreshToken.findByHash(Secrets.hash(refreshToken)).orElse(null);
        if (token == null || token.revokedAt != null || !token.expiresAt.isAfter(now)) {
            throw invalidRefresh();
        }
        if (token.usedAt != null || !RefreshToken.claim(token.id, now)) {
            // presented twice, one after the other or at the same moment: the login ends, access tokens included
            RefreshToken.revokeFamily(token.familyId, now);
            revocations.login(token.subjectId, token.familyId, now);
            throw invalidRefresh();
        }
        Account account = Account.findBySubject(token.subjectId).filter(a -> !a.isDeletionRequested())
                .orElseThrow(Authentication::invalidRefresh);
        account.lastActiveAt = now;
        return tokens.pair(account, token.familyId,
                token.authenticatedAt != null ? token.authenticatedAt : token.issuedAt);
    }

    /** Ends the session of {@code refreshToken}; with {@code everywhere}, every session and access token. */
    @Transactional
    public void logout(UUID caller, String refreshToken, boolean everywhere, Client client) {
        Instant now = clock.instant();
        if (refreshToken != null) {
            RefreshToken.findByHash(Secrets.hash(refreshToken))
                    .filter(token -> token.subjectId.equals(caller))
                    .ifPresent(token -> {
                        RefreshToken.revokeFamily(token.familyId, now);
                        // the login's access tokens end too, not only its refresh token
                        revocations.login(caller, token.familyId, now);
                    });
        }
        if (everywhere) {
            RefreshToken.revokeAllOf(caller, now);
            revocations.all(caller, now, RevocationReason.LOGOUT_EVERYWHERE);
        }
        record(caller, everywhere ? "logout-everywhere" : "logout", client, now);
    }

    /** Adds to the security log and announces the entry as personal data. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID subject, String event, Client client, Instant at) {
        SecurityLogEntry entry = new SecurityLogEntry();
        entry.id = UUID.randomUUID();
        entry.subjectId = subject;
        entry.event = event;
        entry.clientAddress = client.address();
        entry.userAgent = client.userAgent();
        entry.occurredAt = at;
        entry.persist();
        outbox.publish(subject, new PersonalDataCreated(DataCategories.ACCOUNT_SECURITY_LOG, Registrations.STORE,
                entry.id.toString(), at, null));
    }

    static ProblemException refused() {
        return new ProblemException(401, "login-refused", "Login refused", LOGIN_REFUSED, null, null);
    }

    static ProblemException invalidRefresh() {
        return new ProblemException(401, "refresh-refused", "Refresh refused",
                "This refresh token is not valid any more; please log in again.", null, null);
    }
}
