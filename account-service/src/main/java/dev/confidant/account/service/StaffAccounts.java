package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.AccountStatus;
import dev.confidant.account.domain.EmailAddress;
import dev.confidant.account.domain.OneTimeToken;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.account.domain.RoleChange;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.security.Secrets;
import io.quarkus.panache.common.Parameters;
import dev.confidant.platform.runtime.cluster.ClusterLock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Staff accounts: an admin creates agents, auditors, DPOs and admins and changes roles; every change is recorded. */
@ApplicationScoped
@Transactional
public class StaffAccounts {

    private static final Logger LOG = Logger.getLogger(StaffAccounts.class);
    /** The roles an admin may grant. */
    public static final Set<String> STAFF_ROLES = Roles.STAFF;
    /** A system actor id for changes made at start-up (the bootstrap admin). */
    static final UUID SYSTEM = new UUID(0, 0);

    @Inject
    AccountConfig config;

    @Inject
    Revocations revocations;

    @Inject
    Passwords passwords;

    @Inject
    Mails mails;

    @Inject
    Outbox outbox;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    ClusterLock lock;

    @Inject
    Clock clock;

    /** Replicas starting together create the bootstrap admin once: the first to take the lock does. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void bootstrap(@Observes StartupEvent event) {
        config.bootstrapAdminEmail().flatMap(EmailAddress::normalise).ifPresent(email -> lock.run("bootstrap-admin",
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    if (Account.count("from Account a where :role member of a.roles",
                            Parameters.with("role", Roles.ADMIN)) == 0 && Account.findByEmail(email).isEmpty()) {
                        create(email, "Administrator", Roles.ADMIN, SYSTEM);
                        LOG.info("Created the bootstrap admin account; a link to set its password was mailed");
                    }
                })));
    }

    /** Creates a staff account with one role and mails its holder a link to choose a password. */
    public Account create(String rawEmail, String displayName, String role, UUID admin) {
        String email = FieldRules.email(rawEmail, "email");
        checkRoles(Set.of(role));
        if (Account.findByEmail(email).isPresent()) {
            throw ProblemException.conflict("An account with this email already exists");
        }
        Instant now = clock.instant();
        // unusable until the holder sets a password through the mailed link
        Account account = Account.open(email, passwords.hash(Secrets.generate()), displayName, null,
                config.defaultJurisdiction(), AccountStatus.ACTIVE, role, now);
        account.persist();
        RoleChange.record(account.subjectId, role, "GRANTED", admin, now);
        outbox.publish(account.subjectId, new PersonalDataCreated(DataCategories.ACCOUNT_PROFILE, Registrations.STORE,
                account.subjectId.toString(), now, null));

        String secret = OneTimeToken.issue(account.subjectId, OneTimeToken.Purpose.RESET_PASSWORD,
                now.plus(config.verificationLinkTtl()));
        mails.staffWelcome(email, role, secret);
        return account;
    }

    /** Every account holding a staff role (deactivated ones too), by email. */
    public List<Account> list() {
        return Account.<Account>find("select distinct a from Account a join a.roles r where r in ?1 order by a.email",
                STAFF_ROLES).list();
    }

    /**
     * Deactivates a staff account: it signs in and renews no more, every token it holds ends at once, and the roles
     * it held are recorded as deactivated with the reason. An admin cannot deactivate themselves.
     */
    public Account deactivate(UUID subject, String reason, UUID admin) {
        String why = FieldRules.reason(reason);
        if (subject.equals(admin)) {
            throw ProblemException.conflict("An admin cannot deactivate their own account");
        }
        Account account = Account.findBySubject(subject)
                .filter(a -> a.roles.stream().anyMatch(STAFF_ROLES::contains))
                .orElseThrow(() -> ProblemException.notFound("No such staff account"));
        if (account.status == AccountStatus.DEACTIVATED) {
            return account;
        }
        if (!account.canSignIn()) {
            throw ProblemException.conflict("The account is being deleted");
        }
        Instant now = clock.instant();
        for (String role : new TreeSet<>(account.roles)) {
            RoleChange.record(subject, role, "DEACTIVATED", admin, now, why);
        }
        account.status = AccountStatus.DEACTIVATED;
        account.updatedAt = now;
        RefreshToken.revokeAllOf(subject, now);
        revocations.all(subject, now, RevocationReason.ACCOUNT_DEACTIVATED);
        return account;
    }

    /**
     * Sets the roles of {@code subject} to exactly {@code roles}, recording each grant and revocation with the admin's
     * reason (required).
     */
    public Account setRoles(UUID subject, Set<String> roles, UUID admin, String reason) {
        String why = FieldRules.reason(reason);
        checkRoles(roles);
        Account account = Account.findBySubject(subject).filter(a -> !a.isDeletionRequested())
                .orElseThrow(() -> ProblemException.notFound("No such account"));
        if (subject.equals(admin) && !roles.contains(Roles.ADMIN)) {
            throw ProblemException.conflict("An admin cannot remove their own admin role");
        }
        Instant now = clock.instant();
        Set<String> before = new HashSet<>(account.roles);
        for (String role : new TreeSet<>(roles)) {
            if (!before.contains(role)) {
                RoleChange.record(subject, role, "GRANTED", admin, now, why);
            }
        }
        for (String role : new TreeSet<>(before)) {
            if (!roles.contains(role)) {
                RoleChange.record(subject, role, "REVOKED", admin, now, why);
            }
        }
        if (!before.equals(roles)) {
            // tokens carrying the old roles end at once, here and at every service
            RefreshToken.revokeAllOf(subject, now);
            revocations.all(subject, now, RevocationReason.ROLES_CHANGED);
        }
        account.roles.clear();
        account.roles.addAll(roles);
        account.updatedAt = now;
        return account;
    }

    /** The role history of {@code subject}; reading it is a staff access. */
    public List<RoleChange> history(UUID subject) {
        accessLog.record(subject, "role-changes", "review who could access personal data");
        return RoleChange.list("subjectId = ?1 order by changedAt, role", subject);
    }

    private static void checkRoles(Set<String> roles) {
        Set<String> allowed = new HashSet<>(STAFF_ROLES);
        allowed.add(Roles.USER);
        if (roles.isEmpty() || !allowed.containsAll(roles)) {
            throw ProblemException.invalidField("roles", "each role must be one of " + new TreeSet<>(allowed));
        }
    }
}
