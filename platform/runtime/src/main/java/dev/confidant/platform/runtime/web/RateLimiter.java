package dev.confidant.platform.runtime.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sliding-window rate limits per (limit name, key), e.g. per client address on a public endpoint. The windows are held
 * in a bounded cache (Caffeine, 100,000 keys) that evicts the keys least likely to be used again, by frequency and
 * recency, and keys idle for a day. A flood of new keys no longer resets every limit (it used to clear them all at
 * 100,000 keys): a key that keeps being used stays, and pushing out one left idle takes 100,000 fresh keys within
 * its window (docs/security.md). Counts live in this instance's memory: with N replicas the
 * effective limit is up to N times higher.
 */
@ApplicationScoped
public class RateLimiter {

    static final int MAX_KEYS = 100_000;

    @Inject
    Clock clock;

    /** How many keys are held now (after pending evictions). */
    long keys() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    private final Cache<String, Deque<Long>> windows = Caffeine.newBuilder().maximumSize(MAX_KEYS)
            .expireAfterAccess(Duration.ofDays(1)).executor(Runnable::run).build();

    /**
     * Records one request for {@code key} under {@code name}.
     *
     * @throws ProblemException 429 with {@code Retry-After} when more than {@code limit} requests fell in {@code window}
     */
    public void acquire(String name, String key, int limit, Duration window) {
        long retryAfter = record(name, key, limit, window);
        if (retryAfter > 0) {
            throw ProblemException.tooManyRequests("Too many requests; try again later", Duration.ofMillis(retryAfter));
        }
    }

    /**
     * Records one use of {@code key} under {@code name} if the limit allows it, for work that is skipped quietly
     * rather than refused (e.g. a mail to an address that had enough of them).
     *
     * @return whether the use was within the limit
     */
    public boolean tryAcquire(String name, String key, int limit, Duration window) {
        return record(name, key, limit, window) == 0;
    }

    /** 0 when recorded, otherwise the milliseconds until the oldest use in the window leaves it (at least 1). */
    private long record(String name, String key, int limit, Duration window) {
        long now = clock.millis();
        long windowMillis = window.toMillis();
        Deque<Long> hits = windows.get(name + '\u0000' + key, k -> new ArrayDeque<>());
        synchronized (hits) {
            while (!hits.isEmpty() && hits.peekFirst() <= now - windowMillis) {
                hits.pollFirst();
            }
            if (hits.size() >= limit) {
                return Math.max(hits.peekFirst() + windowMillis - now, 1);
            }
            hits.addLast(now);
            return 0;
        }
    }
}
