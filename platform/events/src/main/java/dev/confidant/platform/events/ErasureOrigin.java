package dev.confidant.platform.events;

/** Who started an erasure. */
public enum ErasureOrigin {
    SUBJECT,
    ACCOUNT_DELETION,
    MINOR_REPORT,
    DPO
}
