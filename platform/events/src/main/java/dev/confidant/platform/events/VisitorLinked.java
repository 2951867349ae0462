package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A visitor registered or logged in: the visitor subject's data now follows the envelope's (account) subject. */
@EventType(name = "VisitorLinked", version = 1, topic = Topics.ACCOUNTS,
        producers = Services.ACCOUNT)
public record VisitorLinked(UUID visitorSubjectId, Instant linkedAt) implements EventPayload {
    public VisitorLinked {
        Objects.requireNonNull(visitorSubjectId, "visitorSubjectId");
        Objects.requireNonNull(linkedAt, "linkedAt");
    }
}
