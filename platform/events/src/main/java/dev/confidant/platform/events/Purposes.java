package dev.confidant.platform.events;

import java.util.List;

/**
 * Codes of the processing purposes seeded in consent-service's catalogue, as they appear as keys of
 * {@link ConsentChanged#purposes()}. A DPO may add purposes; the ones other services check live here so their
 * spelling is one.
 */
public final class Purposes {

    /** Provide the service (contract). */
    public static final String PROVIDE_SERVICE = "service.provide";
    /** Manage the account (contract). */
    public static final String MANAGE_ACCOUNT = "account.manage";
    /** Answer the person's questions (contract). */
    public static final String ANSWER_QUESTIONS = "questions.answer";
    /** Prevent prohibited or illegal activity (legitimate interests). */
    public static final String PREVENT_ABUSE = "abuse.prevent";
    /** Usage analytics (consent). */
    public static final String USAGE_ANALYTICS = "analytics.usage";
    /** Promotional campaigns (consent). */
    public static final String PROMOTIONS = "marketing.promotions";
    /** Improve the service with conversation data (consent). */
    public static final String IMPROVE_SERVICE = "service.improve";
    /** Strictly necessary cookies (no consent needed). */
    public static final String COOKIES_NECESSARY = "cookies.necessary";
    /** Preference cookies (consent). */
    public static final String COOKIES_PREFERENCES = "cookies.preferences";
    /** Analytics cookies (consent). */
    public static final String COOKIES_ANALYTICS = "cookies.analytics";

    /** Reply by email to a message left when no agent was available (consent). */
    public static final String EMAIL_REPLY = "support.email-reply";

    /** Every seeded purpose. */
    public static final List<String> SEEDED = List.of(PROVIDE_SERVICE, MANAGE_ACCOUNT, ANSWER_QUESTIONS, PREVENT_ABUSE,
            USAGE_ANALYTICS, PROMOTIONS, IMPROVE_SERVICE, COOKIES_NECESSARY, COOKIES_PREFERENCES, COOKIES_ANALYTICS,
            EMAIL_REPLY);

    private Purposes() {
    }
}
