package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.AccountStatus;
import dev.confidant.account.domain.EmailAddress;
import dev.confidant.account.domain.OneTimeToken;
import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registration, email verification and guardian confirmation. */
@ApplicationScoped
@Transactional
public class Registrations {

    /** The account database, as it appears in personal-data events. */
    public static final String STORE = "account-db";

    @Inject
    AccountConfig config;

    @Inject
    Passwords passwords;

    @Inject
    Mails mails;

    @Inject
    Outbox outbox;

    @Inject
    Visitors visitors;

    @Inject
    Clock clock;

    /** A registration as submitted. */
    public record NewAccount(String email, String password, String displayName, LocalDate dateOfBirth,
                             String jurisdiction, String guardianEmail) {
    }

    /** What the registrant is told; the same whether or not the address already had an account. */
    public record Outcome(boolean guardianNeeded) {
    }

    /**
     * Registers an account, or — when the address is taken — mails its owner instead, answering the same either way.
     *
     * @param visitor the visitor subject of the widget session registering, if any: its data follows the account
     */
    public Outcome register(NewAccount request, Optional<UUID> visitor) {
        List<Problem.FieldError> errors = new ArrayList<>();
        FieldRules.emailError(request.email(), "email").ifPresent(errors::add);
        FieldRules.passwordError(request.password(), "password").ifPresent(errors::add);
        String email = EmailAddress.normalise(request.email()).orElse(null);
        String jurisdiction = request.jurisdiction() == null ? config.defaultJurisdiction() : request.jurisdiction();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int age = Period.between(request.dateOfBirth(), today).getYears();
        boolean guardianNeeded = age < config.guardianAgeIn(jurisdiction);
        String guardianEmail = null;
        if (age >= config.minimumAge() && guardianNeeded) {
            guardianEmail = request.guardianEmail() == null ? null : EmailAddress.normalise(request.guardianEmail()).orElse(null);
            if (guardianEmail == null || guardianEmail.equals(email)) {
                errors.add(new Problem.FieldError("guardianEmail",
                        "a parent's or guardian's email address is needed under " + config.guardianAgeIn(jurisdiction)));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        if (age < config.minimumAge()) {
            // Nothing about the child is kept or logged.
            throw new ProblemException(422, "under-minimum-age", "Too young to register",
                    "You must be at least " + config.minimumAge() + " years old to create an account. "
                            + "Please ask a parent or guardian for help.", null, null);
        }
        // Hashed either way: a taken address must not answer faster than a new one.
        String passwordHash = passwords.hash(request.password());
        if (Account.findByEmail(email).isPresent()) {
            mails.alreadyRegistered(email);
            return new Outcome(guardianNeeded);
        }
        Instant now = clock.instant();
        Account account = Account.open(email, passwordHash, request.displayName(),
                request.dateOfBirth(), jurisdiction, guardianNeeded ? AccountStatus.AWAITING_GUARDIAN
                        : AccountStatus.ACTIVE, Roles.USER, now);
        account.guardianEmail = guardianEmail;
        account.persist();

        outbox.publish(account.subjectId, new AccountRegistered(now, guardianNeeded));
        outbox.publish(account.subjectId, new PersonalDataCreated(DataCategories.ACCOUNT_PROFILE, STORE,
                account.subjectId.toString(), now, null));
        mails.verifyEmail(email, account.displayName, issue(account, OneTimeToken.Purpose.VERIFY_EMAIL));
        if (guardianNeeded) {
            mails.guardianConfirmation(guardianEmail, account.displayName,
                    issue(account, OneTimeToken.Purpose.CONFIRM_GUARDIAN));
        }
        visitor.ifPresent(v -> visitors.link(v, account.subjectId));
        return new Outcome(guardianNeeded);
    }

    /** Confirms the address behind a verification link. */
    public boolean verifyEmail(String token) {
        return redeem(token, OneTimeToken.Purpose.VERIFY_EMAIL).map(account -> {
            account.emailVerifiedAt = clock.instant();
            account.updatedAt = account.emailVerifiedAt;
            return true;
        }).orElse(false);
    }

    /** A guardian's agreement: the restricted account becomes active. */
    public boolean confirmGuardian(String token) {
        return redeem(token, OneTimeToken.Purpose.CONFIRM_GUARDIAN).map(account -> {
            account.guardianConfirmedAt = clock.instant();
            if (account.status == AccountStatus.AWAITING_GUARDIAN) {
                account.status = AccountStatus.ACTIVE;
            }
            account.updatedAt = account.guardianConfirmedAt;
            return true;
        }).orElse(false);
    }

    private Optional<Account> redeem(String token, OneTimeToken.Purpose purpose) {
        return OneTimeToken.redeem(token, purpose, clock.instant())
                .flatMap(link -> Account.findBySubject(link.subjectId))
                .filter(account -> !account.isDeletionRequested());
    }

    private String issue(Account account, OneTimeToken.Purpose purpose) {
        return OneTimeToken.issue(account.subjectId, purpose, clock.instant().plus(config.verificationLinkTtl()));
    }
}
