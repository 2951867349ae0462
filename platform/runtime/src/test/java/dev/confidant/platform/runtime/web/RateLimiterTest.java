package dev.confidant.platform.runtime.web;

import dev.confidant.platform.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private static RateLimiter at(Instant now) {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.fixed(now, ZoneOffset.UTC);
        return limiter;
    }

    @Test
    void aFloodOfNewKeysDoesNotResetALimitInUseAndMemoryStaysBounded() {
        RateLimiter limiter = at(Instant.parse("2026-12-01T10:00:00Z"));
        for (int i = 0; i < 5; i++) {
            limiter.acquire("login", "203.0.113.7", 5, Duration.ofHours(1));
        }
        // more distinct addresses than the limiter keeps, while the limited one keeps trying
        for (int i = 0; i <= RateLimiter.MAX_KEYS; i++) {
            limiter.acquire("login", "flood-" + i, 5, Duration.ofHours(1));
            if (i % 1_000 == 0) {
                ProblemException refused = assertThrows(ProblemException.class,
                        () -> limiter.acquire("login", "203.0.113.7", 5, Duration.ofHours(1)));
                assertEquals(429, refused.status());
            }
        }
        assertThrows(ProblemException.class, () -> limiter.acquire("login", "203.0.113.7", 5, Duration.ofHours(1)),
                "the limit held through the flood");
        assertTrue(limiter.keys() <= RateLimiter.MAX_KEYS, "held keys: " + limiter.keys());
    }

    @Test
    void tryAcquireSaysNoOnceTheLimitIsReachedAndYesOnceTheWindowHasPassed() {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        RateLimiter limiter = at(start);
        assertTrue(limiter.tryAcquire("mail", "a", 2, Duration.ofHours(1)));
        assertTrue(limiter.tryAcquire("mail", "a", 2, Duration.ofHours(1)));
        assertFalse(limiter.tryAcquire("mail", "a", 2, Duration.ofHours(1)));
        assertTrue(limiter.tryAcquire("mail", "b", 2, Duration.ofHours(1)), "another key has its own budget");
        assertTrue(limiter.tryAcquire("other", "a", 2, Duration.ofHours(1)), "another limit has its own budget");

        limiter.clock = Clock.fixed(start.plus(Duration.ofMinutes(61)), ZoneOffset.UTC);
        assertTrue(limiter.tryAcquire("mail", "a", 2, Duration.ofHours(1)));
    }
}
