package dev.confidant.account.domain;

import dev.confidant.platform.events.Randomness;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A person's account. Its id is the subject id every other service knows them by. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    /** Normalised (see {@link EmailAddress}). */
    public String email;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "date_of_birth")
    public LocalDate dateOfBirth;

    public String jurisdiction;

    @Enumerated(EnumType.STRING)
    public AccountStatus status;

    @Column(name = "email_verified_at")
    public Instant emailVerifiedAt;

    @Column(name = "guardian_email")
    public String guardianEmail;

    @Column(name = "guardian_confirmed_at")
    public Instant guardianConfirmedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deletion_requested_at")
    public Instant deletionRequestedAt;

    /** A new address waiting for its confirmation link to be opened. */
    @Column(name = "pending_email")
    public String pendingEmail;

    /** Last registration, login or refresh: the retention clock of {@code account.profile}. */
    @Column(name = "last_active_at")
    public Instant lastActiveAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "account_role", joinColumns = @JoinColumn(name = "subject_id"))
    @Column(name = "role")
    public Set<String> roles = new HashSet<>();

    @Version
    public long version;

    /** A new account with one role, not yet persisted. */
    public static Account open(String email, String passwordHash, String displayName, LocalDate dateOfBirth,
                               String jurisdiction, AccountStatus status, String role, Instant now) {
        Account account = new Account();
        account.subjectId = Randomness.uuid();
        account.email = email;
        account.passwordHash = passwordHash;
        account.displayName = displayName.strip();
        account.dateOfBirth = dateOfBirth;
        account.jurisdiction = jurisdiction;
        account.status = status;
        account.roles.add(role);
        account.createdAt = now;
        account.updatedAt = now;
        account.lastActiveAt = now;
        return account;
    }

    public static Optional<Account> findByEmail(String normalisedEmail) {
        return find("email", normalisedEmail).firstResultOptional();
    }

    public static Optional<Account> findBySubject(UUID subjectId) {
        return findByIdOptional(subjectId);
    }

    public boolean isDeletionRequested() {
        return status == AccountStatus.DELETION_REQUESTED;
    }

    /** Whether its holder may sign in and renew a session: not being deleted, not deactivated. */
    public boolean canSignIn() {
        return status != AccountStatus.DELETION_REQUESTED && status != AccountStatus.DEACTIVATED;
    }
}
