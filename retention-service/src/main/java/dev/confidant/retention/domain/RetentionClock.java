package dev.confidant.retention.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a retention period counts from. */
public enum RetentionClock {
    /** From when the data was stored. */
    CREATED,
    /** From the data's last activity (a conversation's last message, an account's last login). */
    LAST_ACTIVITY;

    @JsonValue
    public String code() {
        return name().toLowerCase().replace('_', '-');
    }
}
