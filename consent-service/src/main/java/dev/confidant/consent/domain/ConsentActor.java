package dev.confidant.consent.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who made a choice. */
public enum ConsentActor {
    SUBJECT,
    GUARDIAN,
    STAFF;

    @JsonValue
    public String code() {
        return name().toLowerCase();
    }
}
