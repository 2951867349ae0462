package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.EmailAddress;
import dev.confidant.account.domain.LoginFailure;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.account.domain.SecurityLogEntry;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Secrets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
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

    static final String LOGIN_EVENT = "login";

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

    @Inject
    MeterRegistry registry;

    /** Where a request comes from, for the lockout and the security log. */
    public record Client(String address, String userAgent) {
    }

    /**
     * Logs in. Three locks refuse a login with the same 401 as a wrong password, each for
     * {@code lockout-duration} after its last counted failure:
     * <ul>
     * <li>this email from this client address, after {@code lockout-threshold} failures in {@code lockout-window};</li>
     * <li>this client address, after as many failures with any emails (one address guessing many accounts);</li>
     * <li>this email from any address it has not signed in from within {@code known-address-period}, after
     * {@code account-lockout-threshold} failures from all addresses (guessing spread over many addresses).</li>
     * </ul>
     * Nobody can keep an account holder out from an address they use: the first two locks hold only for the
     * attacker's own addresses, the third never for the holder's known ones. A locked attempt spends no bcrypt check
     * (the lock says nothing about whether the account exists: failures count per typed email); an open one always
     * spends one, account or not. The password check runs outside any transaction, so waiting for the CPU does not
     * hold a database connection.
     */
    public TokenIssuer.TokenPair login(String rawEmail, String password, Client client, Optional<UUID> visitor) {
        Instant now = clock.instant();
        String email = EmailAddress.normalise(rawEmail).orElse(null);
        if (email == null || password == null) {
            throw refused();
        }
        Attempt attempt = QuarkusTransaction.requiringNew().call(() -> attempt(email, client.address(), now));
        boolean matches = !attempt.locked() && passwords.matches(password, attempt.passwordHash());
        if (!matches) {
            QuarkusTransaction.requiringNew().run(() -> recordFailure(email, client.address(), now));
            // watched for spikes: the intrusion detection the privacy policy promises (deploy/k8s/base/monitoring.yaml)
            registry.counter("confidant.logins.refused", "locked", Boolean.toString(attempt.locked())).increment();
            throw refused();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Account account = Account.findBySubject(attempt.subject()).filter(Account::canSignIn)
                    .orElseThrow(Authentication::refused);
            LoginFailure.delete("email = ?1 and clientAddress = ?2", email, client.address());
            account.lastActiveAt = now;
            record(account.subjectId, LOGIN_EVENT, client, now);
            visitor.ifPresent(v -> visitors.link(v, account.subjectId));
            return tokens.login(account);
        });
    }

    /** What a login attempt needs from the database before its password check. */
    private record Attempt(boolean locked, UUID subject, String passwordHash) {
    }

    private Attempt attempt(String email, String address, Instant now) {
        Instant since = now.minus(config.lockoutWindow());
        Account account = Account.findByEmail(email).filter(a -> !a.isDeletionRequested()).orElse(null);
        boolean locked = LoginFailure.lockedUntil("email = ?1 and clientAddress = ?2", new Object[]{email, address},
                config.lockoutThreshold(), since, config.lockoutDuration(), now).isPresent()
                || LoginFailure.lockedUntil("clientAddress = ?1", new Object[]{address}, config.lockoutThreshold(),
                since, config.lockoutDuration(), now).isPresent()
                || (LoginFailure.lockedUntil("email = ?1", new Object[]{email}, config.accountLockoutThreshold(),
                since, config.lockoutDuration(), now).isPresent()
                && !(account != null && knownAddress(account.subjectId, address, now)));
        return new Attempt(locked, account == null ? null : account.subjectId,
                account == null ? null : account.passwordHash);
    }

    /** Whether the holder signed in from {@code address} within the known-address period (security log). */
    private boolean knownAddress(UUID subject, String address, Instant now) {
        return SecurityLogEntry.count("subjectId = ?1 and event = ?2 and clientAddress = ?3 and occurredAt > ?4",
                subject, LOGIN_EVENT, address, now.minus(config.knownAddressPeriod())) > 0;
    }

    private void recordFailure(String email, String address, Instant now) {
        LoginFailure failure = new LoginFailure();
        failure.email = email;
        failure.clientAddress = address;
        failure.failedAt = now;
        failure.persist();
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
        Account account = Account.findBySubject(token.subjectId).filter(Account::canSignIn)
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
        entry.id = Randomness.uuid();
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
