package dev.confidant.consent.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a ledger entry records. A refusal is recorded as a withdrawal: the purpose is not allowed from then on. */
public enum ConsentAction {
    GRANT,
    WITHDRAW,
    /** The same choice confirmed again under a newer policy version. */
    RECONFIRM;

    @JsonValue
    public String code() {
        return name().toLowerCase();
    }
}
