package dev.confidant.account.service;

import dev.confidant.platform.events.RevocationReason;
import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.OneTimeToken;
import dev.confidant.account.domain.AccountStatus;
import dev.confidant.account.domain.ProfileChange;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.account.domain.SecurityLogEntry;
import dev.confidant.account.domain.TokenRevocation;
import dev.confidant.account.domain.VisitorLink;
import dev.confidant.platform.events.AccountDeletionRequested;
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
import java.util.UUID;

/** A holder's own account: read, rectify, export, delete. */
@ApplicationScoped
@Transactional
public class Accounts {

    @Inject
    Passwords passwords;

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

    /**
     * The caller's account, refusing tokens revoked since they were issued (logout everywhere, deletion) and
     * accounts being deleted.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
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
                if (Account.findByEmail(normalised).isPresent()) {
                    mails.alreadyRegistered(normalised);
                } else {
                    mails.confirmNewEmail(normalised, account.displayName, OneTimeToken.issue(account.subjectId,
                            OneTimeToken.Purpose.CHANGE_EMAIL, now.plus(config.verificationLinkTtl())));
                }
            }
        }
        return account;
    }

    /** Applies a pending email change through its mailed link; false when the link or the address is no good. */
    public boolean confirmEmailChange(String token) {
        Instant now = clock.instant();
        return OneTimeToken.redeem(token, OneTimeToken.Purpose.CHANGE_EMAIL, now)
                .flatMap(link -> Account.findBySubject(link.subjectId))
                .filter(account -> !account.isDeletionRequested() && account.pendingEmail != null
                        && Account.findByEmail(account.pendingEmail).isEmpty())
                .map(account -> {
                    String previous = account.email;
                    account.email = account.pendingEmail;
                    account.pendingEmail = null;
                    account.emailVerifiedAt = now;
                    account.updatedAt = now;
                    recordChange(account, "email", now);
                    mails.emailChanged(previous);
                    return true;
                }).orElse(false);
    }

    private static void recordChange(Account account, String field, Instant now) {
        ProfileChange change = new ProfileChange();
        change.id = UUID.randomUUID();
        change.subjectId = account.subjectId;
        change.field = field;
        change.changedBy = account.subjectId;
        change.changedAt = now;
        change.persist();
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
