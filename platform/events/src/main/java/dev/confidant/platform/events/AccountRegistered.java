package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A person registered; the envelope's subject is their account's subject id. No email, no name.
 *
 * @param restricted whether the account waits for a guardian's confirmation
 */
@EventType(name = "AccountRegistered", version = 1, topic = Topics.ACCOUNTS,
        producers = Services.ACCOUNT)
public record AccountRegistered(Instant registeredAt, boolean restricted) implements EventPayload {
    public AccountRegistered {
        Objects.requireNonNull(registeredAt, "registeredAt");
    }
}
