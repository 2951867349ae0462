package dev.confidant.account.service;

import dev.confidant.account.domain.TokenRevocation;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.events.TokensRevoked;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.security.TokenRevocations;
import dev.confidant.platform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/**
 * Revoking access tokens, here and at every service: recorded for this service's own checks, published as
 * {@link TokensRevoked} (every instance of every service refuses them within a second), and applied to this
 * instance's projection as soon as the transaction commits.
 */
@ApplicationScoped
public class Revocations {

    @Inject
    Outbox outbox;

    @Inject
    TokenRevocations projection;

    @Inject
    AfterCommit afterCommit;

    /** Every access token of {@code subject} issued up to {@code now} is refused from now on. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void all(UUID subject, Instant now, RevocationReason reason) {
        Instant before = TokenRevocation.revokeAll(subject, now);
        publish(subject, new TokensRevoked(before, null, reason));
    }

    /** The access tokens of one login ({@code sid}) are refused from now on. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void login(UUID subject, UUID loginId, Instant now) {
        publish(subject, new TokensRevoked(now, loginId, RevocationReason.LOGOUT));
    }

    private void publish(UUID subject, TokensRevoked revoked) {
        outbox.publish(subject, revoked);
        afterCommit.run(() -> projection.apply(subject, revoked));
    }
}
