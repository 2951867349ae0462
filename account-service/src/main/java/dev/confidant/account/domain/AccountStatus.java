package dev.confidant.account.domain;

/** Where an account stands. */
public enum AccountStatus {
    /** Usable. */
    ACTIVE,
    /** A 13–15 year old (by default) waiting for a guardian's confirmation: can log in, not use the service. */
    AWAITING_GUARDIAN,
    /** The holder asked for deletion; every token is revoked, the rows go when retention-service's erase arrives. */
    DELETION_REQUESTED,
    /** A staff account an admin deactivated: no sign-in, no refresh; its history stays. */
    DEACTIVATED
}
