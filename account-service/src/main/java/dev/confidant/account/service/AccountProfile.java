package dev.confidant.account.service;

import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.AccountStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The profile as its holder sees it. */
public record AccountProfile(UUID subjectId, String email, boolean emailVerified, String pendingEmail, String displayName,
                             LocalDate dateOfBirth, String jurisdiction, AccountStatus status, List<String> roles,
                             Instant createdAt) {

    public static AccountProfile of(Account account) {
        return new AccountProfile(account.subjectId, account.email, account.emailVerifiedAt != null, account.pendingEmail,
                account.displayName, account.dateOfBirth, account.jurisdiction, account.status,
                account.roles.stream().sorted().toList(), account.createdAt);
    }
}
