package dev.confidant.chat.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a conversation stands. */
public enum ConversationStatus {
    OPEN,
    WAITING_FOR_AGENT,
    WITH_AGENT,
    CLOSED;

    @JsonValue
    public String code() {
        return name().toLowerCase().replace('_', '-');
    }
}
