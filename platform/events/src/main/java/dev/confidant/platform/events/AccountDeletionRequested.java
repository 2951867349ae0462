package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;

/** The account holder asked to delete their account; retention-service turns it into an erasure request. */
@EventType(name = "AccountDeletionRequested", version = 1, topic = Topics.ACCOUNTS)
public record AccountDeletionRequested(Instant requestedAt) implements EventPayload {
    public AccountDeletionRequested {
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
