package dev.confidant.retention.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an erasure request stands. */
public enum ErasureStatus {
    /** Waiting for a legal hold on the subject to be released. */
    HELD,
    /** The erase command is out; not every owner has acknowledged yet. */
    IN_PROGRESS,
    /** Every owner acknowledged; the certificate is issued. */
    COMPLETED;

    @JsonValue
    public String code() {
        return name().toLowerCase().replace('_', '-');
    }
}
