package dev.confidant.platform.runtime.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/**
 * The one clock of a service: inject {@link Clock} instead of calling {@code Instant.now()} for any rule that
 * depends on time (expiry, lockouts, deadlines), so tests can move time with {@code QuarkusMock}.
 */
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
