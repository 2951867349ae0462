package dev.confidant.platform.runtime.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * The one clock of a service: inject {@link Clock} instead of calling {@code Instant.now()} for any rule that
 * depends on time (expiry, lockouts, deadlines), so tests can move time with {@code QuarkusMock}.
 *
 * <p>{@code confidant.clock.offset} (an ISO-8601 duration, e.g. {@code P200D}) runs the clock ahead, so a whole
 * suite can be watched months later (the devstack's {@code --clock-offset}, the retention journey test). For tests
 * and demonstrations only: a service started with it says so in its log.
 */
public class ClockProducer {

    private static final Logger LOG = Logger.getLogger(ClockProducer.class);

    @Produces
    @ApplicationScoped
    Clock clock() {
        Duration offset = ConfigProvider.getConfig().getOptionalValue("confidant.clock.offset", Duration.class)
                .orElse(Duration.ZERO);
        if (offset.isZero()) {
            return Clock.systemUTC();
        }
        LOG.warnf("This service's clock runs %s ahead (confidant.clock.offset): for tests and demonstrations only",
                offset);
        return Clock.offset(Clock.systemUTC(), offset);
    }
}
