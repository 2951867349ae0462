package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.account.config.TokenConfig;
import dev.confidant.account.domain.LoginFailure;
import dev.confidant.account.domain.OneTimeToken;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.account.domain.TokenRevocation;
import dev.confidant.platform.runtime.scheduling.ScheduledOnce;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes what has served its purpose: failed-login records once the lockout window is past (they hold an email and a
 * client address), spent or expired links and refresh tokens, and revocations older than any token they refuse.
 */
@ApplicationScoped
public class AccountHousekeeping {

    /** Kept a little longer than strictly needed, so a clock skew never revives a refused token. */
    private static final Duration MARGIN = Duration.ofHours(1);

    @Inject
    ScheduledOnce once;

    @ConfigProperty(name = "confidant.housekeeping.interval", defaultValue = "10m")
    java.time.Duration interval;

    @Inject
    AccountConfig config;

    @Inject
    TokenConfig tokens;

    @Inject
    Clock clock;

    @Scheduled(every = "${confidant.housekeeping.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        once.run("account-housekeeping", interval, this::clean);
    }

    /** Removes everything past its purpose; returns how many rows went. */
    @Transactional
    public long clean() {
        Instant now = clock.instant();
        long removed = LoginFailure.delete("failedAt < ?1", now.minus(config.lockoutWindow()));
        removed += OneTimeToken.delete("expiresAt < ?1 or usedAt < ?1", now.minus(MARGIN));
        removed += RefreshToken.delete("expiresAt < ?1 or revokedAt < ?1", now.minus(MARGIN));
        removed += TokenRevocation.delete("revokedBefore < ?1", now.minus(tokens.accessTokenTtl()).minus(MARGIN));
        return removed;
    }
}
