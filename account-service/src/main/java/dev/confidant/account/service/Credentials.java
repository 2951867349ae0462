package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.EmailAddress;
import dev.confidant.account.domain.LoginFailure;
import dev.confidant.account.domain.OneTimeToken;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Instant;

/** Password change and reset. Either ends every session: a stolen session must not outlive the old password. */
@ApplicationScoped
@Transactional
public class Credentials {

    @Inject
    AccountConfig config;

    @Inject
    Revocations revocations;

    @Inject
    Accounts accounts;

    @Inject
    Passwords passwords;

    @Inject
    TokenIssuer tokens;

    @Inject
    Authentication authentication;

    @Inject
    Mails mails;

    @Inject
    Clock clock;

    /** Changes the caller's password, ends every other session and returns a fresh login. */
    public TokenIssuer.TokenPair change(JsonWebToken token, String current, String next, Authentication.Client client) {
        Account account = accounts.current(token);
        if (current == null || !passwords.matches(current, account.passwordHash)) {
            throw ProblemException.forbidden("The current password does not match; nothing was changed.");
        }
        setPassword(account, next, "newPassword", RevocationReason.PASSWORD_CHANGED);
        authentication.record(account.subjectId, "password-changed", client, clock.instant());
        return tokens.login(account);
    }

    /** Mails a reset link when the address has an account; says nothing either way. */
    public void requestReset(String rawEmail) {
        EmailAddress.normalise(rawEmail).flatMap(Account::findByEmail).filter(a -> !a.isDeletionRequested())
                .ifPresent(account -> {
                    mails.passwordReset(account.email, OneTimeToken.issue(account.subjectId,
                            OneTimeToken.Purpose.RESET_PASSWORD, clock.instant().plus(config.passwordResetTtl())));
                });
    }

    /** Sets a new password through a mailed link; the link works once. */
    public void reset(String token, String next, Authentication.Client client) {
        Instant now = clock.instant();
        OneTimeToken link = OneTimeToken.redeem(token, OneTimeToken.Purpose.RESET_PASSWORD, now).orElse(null);
        Account account = link == null ? null : Account.findBySubject(link.subjectId)
                .filter(a -> !a.isDeletionRequested()).orElse(null);
        if (account == null) {
            throw ProblemException.badRequest("This reset link is not valid any more; ask for a new one.");
        }
        setPassword(account, next, "newPassword", RevocationReason.PASSWORD_RESET);
        LoginFailure.delete("email", account.email);
        authentication.record(account.subjectId, "password-reset", client, now);
    }

    private void setPassword(Account account, String password, String field, RevocationReason reason) {
        FieldRules.password(password, field);
        Instant now = clock.instant();
        account.passwordHash = passwords.hash(password);
        account.updatedAt = now;
        RefreshToken.revokeAllOf(account.subjectId, now);
        revocations.all(account.subjectId, now, reason);
    }
}
