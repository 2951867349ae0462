package dev.confidant.platform.events;

/** The state of one purpose for one subject, as other services project it. */
public enum ConsentState {
    GRANTED,
    DENIED,
    /** Granted under a policy version no longer in force: denied until the subject reconfirms. */
    RECONSENT_REQUIRED
}
