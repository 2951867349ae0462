package dev.confidant.platform.events;

import java.util.List;

/**
 * Names of the personal-data categories (docs/architecture.md lists them with their default retention). Owners
 * announce the categories they hold with {@link DataOwnerRegistered}; these constants keep the spelling in one place.
 */
public final class DataCategories {

    public static final String CHAT_MESSAGE = "chat.message";
    public static final String CHAT_UPLOAD = "chat.upload";
    public static final String CHAT_FEEDBACK = "chat.feedback";
    public static final String ACCOUNT_PROFILE = "account.profile";
    public static final String ACCOUNT_SECURITY_LOG = "account.security-log";
    public static final String USAGE_ANALYTICS = "usage.analytics";
    public static final String CONSENT_EVIDENCE = "consent.evidence";
    public static final String AUDIT_ACCESS_LOG = "audit.access-log";

    public static final List<String> ALL = List.of(CHAT_MESSAGE, CHAT_UPLOAD, CHAT_FEEDBACK, ACCOUNT_PROFILE,
            ACCOUNT_SECURITY_LOG, USAGE_ANALYTICS, CONSENT_EVIDENCE, AUDIT_ACCESS_LOG);

    private DataCategories() {
    }
}
