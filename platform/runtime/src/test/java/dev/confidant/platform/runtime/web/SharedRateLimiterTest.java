package dev.confidant.platform.runtime.web;

import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas of a service share one database, and so one budget per key. */
@QuarkusTest
@SuiteInfrastructure
class SharedRateLimiterTest {

    @Inject
    AgroalDataSource dataSource;

    /** A replica of its own (its own object, its own clock), on the same database. */
    private SharedRateLimiter replica(Instant now) {
        return new SharedRateLimiter(dataSource, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void twoReplicasTogetherAllowWhatOneWould() throws Exception {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        SharedRateLimiter a = replica(start);
        SharedRateLimiter b = replica(start.plusSeconds(1));
        String address = "203.0.113." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            a.acquire("login", address, 5, Duration.ofMinutes(1));
        }
        for (int i = 0; i < 2; i++) {
            b.acquire("login", address, 5, Duration.ofMinutes(1)); // five in all
        }
        ProblemException refused = assertThrows(ProblemException.class,
                () -> b.acquire("login", address, 5, Duration.ofMinutes(1)));
        assertEquals(429, refused.status());
        assertTrue(refused.retryAfterSeconds() >= 1);
        assertFalse(a.tryAcquire("login", address, 5, Duration.ofMinutes(1)), "refused on the other replica too");
        assertTrue(a.tryAcquire("login", "another " + address, 5, Duration.ofMinutes(1)), "another key is free");
        assertTrue(a.tryAcquire("registration", address, 5, Duration.ofMinutes(1)), "another limit is free");

        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM confidant_rate_limit WHERE key_hash LIKE ?",
                "%203.0.113%"), "keys are stored hashed");
    }

    @Test
    void theWindowSlidesRatherThanResettingAtItsEdge() {
        Instant start = Instant.parse("2026-12-01T11:00:00Z");
        String key = "sliding-" + UUID.randomUUID();
        SharedRateLimiter early = replica(start.plusSeconds(50));
        for (int i = 0; i < 10; i++) {
            assertTrue(early.tryAcquire("visitor-token", key, 10, Duration.ofMinutes(1)));
        }
        // 20 s later, in the next fixed window, five sixths of the sliding window still cover the previous one:
        // 10 × 5/6 + 1 fits, 10 × 5/6 + 2 does not (a fixed window would allow ten more here)
        SharedRateLimiter later = replica(start.plusSeconds(70));
        assertTrue(later.tryAcquire("visitor-token", key, 10, Duration.ofMinutes(1)));
        assertFalse(later.tryAcquire("visitor-token", key, 10, Duration.ofMinutes(1)));
        // a minute on, the ten have slid out
        SharedRateLimiter muchLater = replica(start.plusSeconds(120));
        assertTrue(muchLater.tryAcquire("visitor-token", key, 10, Duration.ofMinutes(1)));
    }
}
