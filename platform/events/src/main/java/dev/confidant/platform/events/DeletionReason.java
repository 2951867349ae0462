package dev.confidant.platform.events;

/** Why personal data was deleted. */
public enum DeletionReason {
    /** The subject (or someone on their behalf) asked for erasure. */
    ERASURE,
    /** Its retention period ran out. */
    EXPIRY,
    /** The subject removed it themselves, e.g. deleted one conversation. */
    SUBJECT_ACTION
}
