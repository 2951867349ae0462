package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * account-service revoked tokens of the envelope's subject: every one issued up to {@code revokedBefore} (to the
 * second), or, with {@code loginId}, only those of that login (the {@code sid} claim). Every instance of every
 * service reads all of them and refuses those tokens within a second (docs/security.md: revocation).
 */
@EventType(name = "TokensRevoked", version = 1, topic = Topics.REVOCATIONS, producers = Services.ACCOUNT)
public record TokensRevoked(Instant revokedBefore, UUID loginId, RevocationReason reason) implements EventPayload {
    public TokensRevoked {
        Objects.requireNonNull(revokedBefore, "revokedBefore");
        Objects.requireNonNull(reason, "reason");
    }
}
