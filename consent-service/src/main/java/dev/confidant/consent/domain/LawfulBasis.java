package dev.confidant.consent.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** The six lawful bases of GDPR Art. 6(1); every purpose has exactly one. */
public enum LawfulBasis {
    CONSENT("consent"),
    CONTRACT("contract"),
    LEGAL_OBLIGATION("legal-obligation"),
    VITAL_INTERESTS("vital-interests"),
    PUBLIC_INTEREST("public-interest"),
    LEGITIMATE_INTERESTS("legitimate-interests");

    private final String code;

    LawfulBasis(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static LawfulBasis fromCode(String code) {
        return Arrays.stream(values()).filter(b -> b.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lawful basis"));
    }
}
