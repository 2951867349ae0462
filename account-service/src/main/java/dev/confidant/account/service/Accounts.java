package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.EmailAddress;
import dev.confidant.account.domain.AccountStatus;
import dev.confidant.account.domain.OneTimeToken;
import dev.confidant.account.domain.ProfileChange;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.account.domain.SecurityLogEntry;
import dev.confidant.account.domain.TokenRevocation;
import dev.confidant.account.domain.VisitorLink;
import dev.confidant.platform.events.AccountDeletionRequested;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Secrets;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A holder's own account: read, rectify, export, delete. */
@ApplicationScoped
@Transactional
public class Accounts {

    @Inject
    Passwords passwords;

    @Inject
    TokenIssuer tokens;

    @Inject
    Revocations revocations;

    @Inject
    Outbox outbox;

    @Inject
    Authentication authentication;

    @Inject
    CallerSubject caller;

    @Inject
    Mails mails;

    @Inject
    AccountConfig config;

    @Inject
    Clock clock;

    @Inject
    StaffAccessLog accessLog;

    /**
     * The caller's account, refusing tokens revoked since they were issued (logout everywhere, deletion) and
     * accounts being deleted.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    /**
     * The account registered with {@code rawEmail}, for a DPO acting on a person's request (by mail, by phone):
     * recorded in the staff access log. Empty when there is none (or the address is not one).
     */
    public Optional<Account> lookUp(String rawEmail) {
        Optional<Account> found = EmailAddress.normalise(rawEmail).flatMap(Account::findByEmail);
        found.ifPresent(account -> accessLog.record(account.subjectId, "account (looked up by email)",
                "find the data subject of a request"));
        return found;
    }

    public Account current(JsonWebToken token) {
        UUID subject = caller.id();
        TokenRevocation revocation = TokenRevocation.findById(subject);
        Instant issuedAt = Instant.ofEpochSecond(token.getIssuedAtTime());
        // tokens issued after a revocation are dated after its second (TokenIssuer), so this never refuses them
        if (revocation != null && !issuedAt.isAfter(revocation.revokedBefore.truncatedTo(ChronoUnit.SECONDS))) {
            throw new UnauthorizedException();
        }
        return Account.findBySubject(subject).filter(a -> !a.isDeletionRequested())
                .orElseThrow(UnauthorizedException::new);
    }

    /**
     * Corrects the profile. A new display name applies at once; a new email address applies once a link mailed to
     * it is opened. If the new address belongs to another account its owner is told instead, and the caller sees the
     * same answer, so no one learns which addresses have accounts. Each applied change is recorded.
     */
    public Account rectify(JsonWebToken token, String displayName, String email) {
        Account account = current(token);
        Instant now = clock.instant();
        if (displayName != null && !displayName.strip().equals(account.displayName)) {
            account.displayName = displayName.strip();
            account.updatedAt = now;
            recordChange(account, "displayName", now);
        }
        if (email != null) {
            String normalised = FieldRules.email(email, "email");
            if (!normalised.equals(account.email)) {
                // pending either way, so the answer does not tell whether the address is taken
                account.pendingEmail = normalised;
                // a newer request ends the links mailed for earlier ones
                OneTimeToken.cancelAll(account.subjectId, OneTimeToken.Purpose.CHANGE_EMAIL, now);
                if (Account.findByEmail(normalised).isPresent()) {
                    mails.alreadyRegistered(normalised);
                } else {
                    // bound to the address it is mailed to: it applies that address and no other
                    mails.confirmNewEmail(normalised, account.displayName, OneTimeToken.issue(account.subjectId,
                            OneTimeToken.Purpose.CHANGE_EMAIL, now.plus(config.verificationLinkTtl()),
                            Secrets.hash(normalised)));
                }
            }
        }
        return account;
    }

    /**
     * Applies a pending email change through its mailed link, when the link was mailed to the pending address; the old
     * address is told, with a link that undoes the change. False when the link or the address is no good.
     */
    public boolean confirmEmailChange(String token) {
        Instant now = clock.instant();
        return OneTimeToken.redeem(token, OneTimeToken.Purpose.CHANGE_EMAIL, now)
                .flatMap(link -> Account.findBySubject(link.subjectId)
                        .filter(account -> !account.isDeletionRequested() && account.pendingEmail != null
                                && Secrets.hash(account.pendingEmail).equals(link.boundTo)
                                && Account.findByEmail(account.pendingEmail).isEmpty()))
                .map(account -> {
                    String previous = account.email;
                    account.email = account.pendingEmail;
                    account.pendingEmail = null;
                    account.emailVerifiedAt = now;
                    account.updatedAt = now;
                    recordChange(account, "email", now);
                    mails.emailChanged(previous, OneTimeToken.issue(account.subjectId,
                            OneTimeToken.Purpose.UNDO_EMAIL_CHANGE, now.plus(UNDO_WINDOW), previous));
                    return true;
                }).orElse(false);
    }

    /**
     * Undoes an email change from the link mailed to the old address: the old address is back, every login ends
     * (whoever changed it may hold one), and a password-reset link goes to the old address. False when the link is no
     * good or the old address has since been taken by another account.
     */
    public boolean undoEmailChange(String token) {
        Instant now = clock.instant();
        return OneTimeToken.redeem(token, OneTimeToken.Purpose.UNDO_EMAIL_CHANGE, now)
                .flatMap(link -> Account.findBySubject(link.subjectId)
                        .filter(account -> !account.isDeletionRequested() && link.boundTo != null
                                && Account.findByEmail(link.boundTo).filter(other -> other != account).isEmpty())
                        .map(account -> {
                            account.email = link.boundTo;
                            account.pendingEmail = null;
                            account.emailVerifiedAt = now;
                            account.updatedAt = now;
                            recordChange(account, "email", now);
                            OneTimeToken.cancelAll(account.subjectId, OneTimeToken.Purpose.CHANGE_EMAIL, now);
                            RefreshToken.revokeAllOf(account.subjectId, now);
                            revocations.all(account.subjectId, now, RevocationReason.EMAIL_CHANGE_UNDONE);
                            mails.passwordReset(account.email, OneTimeToken.issue(account.subjectId,
                                    OneTimeToken.Purpose.RESET_PASSWORD, now.plus(config.passwordResetTtl())));
                            return true;
                        }))
                .orElse(false);
    }

    /** How long the old address can undo an email change. */
    static final java.time.Duration UNDO_WINDOW = java.time.Duration.ofDays(7);

    private static void recordChange(Account account, String field, Instant now) {
        ProfileChange change = new ProfileChange();
        change.id = Randomness.uuid();
        change.subjectId = account.subjectId;
        change.field = field;
        change.changedBy = account.subjectId;
        change.changedAt = now;
        change.persist();
    }

    /**
     * A fresh proof of identity for a sensitive action: the caller's password again. Answers an access token of the
     * same login ({@code sid}) whose {@code auth_time} is now; refused (403) when the password does not match.
     */
    @Transactional
    public String stepUp(JsonWebToken token, String password, Authentication.Client client) {
        Account account = current(token);
        Instant now = clock.instant();
        if (password == null || !passwords.matches(password, account.passwordHash)) {
            authentication.record(account.subjectId, "step-up-failed", client, now);
            throw ProblemException.forbidden("The password does not match.");
        }
        authentication.record(account.subjectId, "step-up", client, now);
        Object login = token.getClaim("sid");
        UUID loginId;
        try {
            loginId = login == null ? null : UUID.fromString(login.toString());
        } catch (IllegalArgumentException e) {
            loginId = null;
        }
        return tokens.accessToken(account, loginId, now);
    }

    /**
     * Self-service deletion, confirmed with the password: every token is revoked at once and the request is
     * announced; the rows go when retention-service's erase command arrives.
     *
     * @return the receipt: a secret only the holder gets, with which they follow the erasure and fetch its
     *         certificate from retention-service once their tokens no longer work; only its hash is announced
     */
    public String requestDeletion(JsonWebToken token, String password, Authentication.Client client) {
        Account account = current(token);
        if (password == null || !passwords.matches(password, account.passwordHash)) {
            throw ProblemException.forbidden("The password does not match; the account was not deleted.");
        }
        Instant now = clock.instant();
        account.status = AccountStatus.DELETION_REQUESTED;
        account.deletionRequestedAt = now;
        account.updatedAt = now;
        RefreshToken.revokeAllOf(account.subjectId, now);
        revocations.all(account.subjectId, now, RevocationReason.ACCOUNT_DELETED);
        authentication.record(account.subjectId, "deletion-requested", client, now);
        String receipt = Secrets.generate();
        outbox.publish(account.subjectId, new AccountDeletionRequested(now, Secrets.hash(receipt)));
        return receipt;
    }

    /** Everything this service holds about the caller, as JSON-ready maps. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Object> export(JsonWebToken token) {
        return export(current(token).subjectId);
    }

    /**
     * Everything account-service holds about {@code subject}: the caller's own download, and this service's part of
     * an access request ({@link dev.confidant.platform.runtime.owner.SubjectExport}). Empty for an unknown subject.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Object> export(UUID subject) {
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("exportedAt", clock.instant());
        Account.findBySubject(subject).ifPresent(account -> export.put("account", AccountProfile.of(account)));
        List<SecurityLogEntry> log = SecurityLogEntry.list("subjectId = ?1 order by occurredAt", subject);
        export.put("securityLog", log.stream().map(e -> Map.of("event", e.event, "at", e.occurredAt,
                "clientAddress", e.clientAddress, "userAgent", e.userAgent == null ? "" : e.userAgent)).toList());
        List<ProfileChange> changes = ProfileChange.list("subjectId = ?1 order by changedAt", subject);
        export.put("profileChanges", changes.stream().map(c -> Map.of("field", c.field, "at", c.changedAt,
                "by", c.changedBy)).toList());
        List<VisitorLink> links = VisitorLink.list("subjectId", subject);
        export.put("linkedVisitorSessions", links.stream().map(l -> Map.of("visitorSubjectId", l.visitorSubjectId,
                "linkedAt", l.linkedAt)).toList());
        return export;
    }
}
