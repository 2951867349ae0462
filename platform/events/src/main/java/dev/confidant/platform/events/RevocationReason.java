package dev.confidant.platform.events;

/** Why account-service revoked a subject's tokens ({@link TokensRevoked}). */
public enum RevocationReason {
    /** One login ended: only the tokens of that login. */
    LOGOUT,
    /** The holder ended every login. */
    LOGOUT_EVERYWHERE,
    /** The holder changed their password; the new login it returns was issued after. */
    PASSWORD_CHANGED,
    /** The password was reset through a mailed link. */
    PASSWORD_RESET,
    /** The old address undid an email change: whoever made it may hold a login. */
    EMAIL_CHANGE_UNDONE,
    /** An admin changed the staff member's roles: tokens with the old roles end at once. */
    ROLES_CHANGED,
    /** An admin deactivated the staff account: it signs in no more. */
    ACCOUNT_DEACTIVATED,
    /** The holder asked to delete the account. */
    ACCOUNT_DELETED,
    /** A DPO confirmed the subject is a child; the account is erased. */
    MINOR_REPORT,
    /** The subject's data was erased. */
    ERASED,
    /** A visitor registered or logged in: their data now follows the account, and the visitor token ends. */
    VISITOR_LINKED;

    /**
     * Whether the subject is being erased: their earlier tokens may still read what a service explicitly leaves
     * readable after erasure (their request and its certificate at retention-service), and nothing else.
     */
    public boolean erasesSubject() {
        return this == ACCOUNT_DELETED || this == MINOR_REPORT || this == ERASED;
    }
}
