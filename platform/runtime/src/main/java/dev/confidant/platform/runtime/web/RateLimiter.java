package dev.confidant.platform.runtime.web;

import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window rate limits per (limit name, key), e.g. per client address on a public endpoint. Counts live in
 * this instance's memory: with N replicas the effective limit is up to N times higher, which is acceptable for abuse
 * protection and keeps the hot path free of database work.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int MAX_KEYS = 100_000;

    @Inject
    Clock clock;

    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();

    /**
     * Records one request for {@code key} under {@code name}.
     *
     * @throws ProblemException 429 with {@code Retry-After} when more than {@code limit} requests fell in {@code window}
     */
    public void acquire(String name, String key, int limit, Duration window) {
        long now = clock.millis();
        long windowMillis = window.toMillis();
        if (windows.size() > MAX_KEYS) {
            windows.clear(); // bounded memory under a flood of distinct keys; limits restart, nothing else is lost
        }
        Deque<Long> hits = windows.computeIfAbsent(name + '\u0000' + key, k -> new ArrayDeque<>());
        synchronized (hits) {
            while (!hits.isEmpty() && hits.peekFirst() <= now - windowMillis) {
                hits.pollFirst();
            }
            if (hits.size() >= limit) {
                long retryAfter = hits.peekFirst() + windowMillis - now;
                throw ProblemException.tooManyRequests("Too many requests; try again later",
                        Duration.ofMillis(Math.max(retryAfter, 1)));
            }
            hits.addLast(now);
        }
    }
}
