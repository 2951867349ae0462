package dev.confidant.chat.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who wrote a message. */
public enum MessageAuthor {
    SUBJECT,
    ASSISTANT,
    AGENT;

    @JsonValue
    public String code() {
        return name().toLowerCase();
    }
}
