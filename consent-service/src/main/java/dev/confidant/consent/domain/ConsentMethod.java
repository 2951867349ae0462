package dev.confidant.consent.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** How a choice reached the ledger. */
public enum ConsentMethod {
    /** The widget's consent banner. */
    BANNER("banner", "widget banner"),
    /** The subject's privacy settings. */
    SETTINGS("settings", "privacy settings"),
    /** A client of the REST API. */
    API("api", "API"),
    /** A Global Privacy Control signal ({@code Sec-GPC: 1}) on the subject's request. */
    GPC("gpc", "Global Privacy Control signal"),
    /** A guardian's choice for a child, recorded by staff. */
    GUARDIAN("guardian", "guardian's declaration");

    private final String code;
    private final String description;

    ConsentMethod(String code, String description) {
        this.code = code;
        this.description = description;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** Words for a receipt's {@code collectionMethod}. */
    public String description() {
        return description;
    }

    @JsonCreator
    public static ConsentMethod fromCode(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("unknown method"));
    }

    public static Optional<ConsentMethod> find(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }
}
