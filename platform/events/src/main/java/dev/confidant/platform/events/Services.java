package dev.confidant.platform.events;

import java.util.List;

/** The services of the suite, by the name each signs its events with ({@code quarkus.application.name}). */
public final class Services {

    public static final String ACCOUNT = "account-service";
    public static final String CONSENT = "consent-service";
    public static final String CHAT = "chat-service";
    public static final String RETENTION = "retention-service";

    /**
     * In a producer matrix ({@link EventType#producers()}): any trusted producer, speaking for itself. The data-owner
     * protocol is open to every service with a pinned key (a new owner is configuration), while commands, consent and
     * account events stay with the one service that decides them.
     */
    public static final String ANY_OWNER = "any-data-owner";

    /** Every service, in the order the devstack starts them. */
    public static final List<String> ALL = List.of(ACCOUNT, CONSENT, CHAT, RETENTION);

    private Services() {
    }
}
