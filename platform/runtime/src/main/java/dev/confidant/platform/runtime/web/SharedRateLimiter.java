package dev.confidant.platform.runtime.web;

import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Secrets;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Rate limits that hold across every replica of a service: the counts live in the service's PostgreSQL database
 * ({@code confidant_rate_limit}), one upsert per request, so two replicas behind a round-robin ingress allow what one
 * would. For the limits that guard secrets and mailboxes (login, registration, password reset, tokens, unasked
 * mail), where a database round trip is small beside the work it protects; hot paths (chat messages) keep the
 * in-memory {@link RateLimiter} (docs/security.md).
 * <p>
 * The window slides: the count is this fixed window's hits plus the previous window's, weighted by how much of it
 * still overlaps the sliding window. Refused requests count too, so a client that keeps hammering stays refused. Keys
 * are stored as SHA-256 hashes. When the database cannot be reached the request is let through (and logged by the
 * caller's own failure soon after): a limit must not turn a database hiccup into refusing everyone.
 */
@ApplicationScoped
public class SharedRateLimiter {

    private static final String COUNT = """
            WITH hit AS (
                INSERT INTO confidant_rate_limit (name, key_hash, window_start, hits, expires_at)
                VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (name, key_hash, window_start) DO UPDATE SET hits = confidant_rate_limit.hits + 1
                RETURNING hits)
            SELECT (SELECT hits FROM hit),
                   COALESCE((SELECT hits FROM confidant_rate_limit
                             WHERE name = ? AND key_hash = ? AND window_start = ?), 0)
            """;

    private final AgroalDataSource dataSource;
    private final Clock clock;

    @Inject
    public SharedRateLimiter(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Records one request for {@code key} under {@code name}.
     *
     * @throws ProblemException 429 with {@code Retry-After} when more than {@code limit} requests fell in the
     *                          sliding {@code window}
     */
    public void acquire(String name, String key, int limit, Duration window) {
        if (!tryAcquire(name, key, limit, window)) {
            throw ProblemException.tooManyRequests("Too many requests; try again later", retryAfter(window));
        }
    }

    /** Records one use; whether it was within the limit (for work skipped quietly rather than refused). */
    public boolean tryAcquire(String name, String key, int limit, Duration window) {
        Instant now = clock.instant();
        long windowMillis = window.toMillis();
        long startMillis = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), windowMillis);
        Instant start = Instant.ofEpochMilli(startMillis);
        Instant previous = start.minus(window);
        String hash = Secrets.hash(key);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement(COUNT)) {
            count.setString(1, name);
            count.setString(2, hash);
            count.setTimestamp(3, Timestamp.from(start));
            count.setTimestamp(4, Timestamp.from(start.plus(window).plus(window)));
            count.setString(5, name);
            count.setString(6, hash);
            count.setTimestamp(7, Timestamp.from(previous));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                long current = rs.getLong(1);
                long before = rs.getLong(2);
                double overlap = 1.0 - (double) (now.toEpochMilli() - startMillis) / windowMillis;
                return current + before * overlap <= limit;
            }
        } catch (SQLException e) {
            return true;
        }
    }

    private Duration retryAfter(Duration window) {
        long windowMillis = window.toMillis();
        long intoWindow = Math.floorMod(clock.millis(), windowMillis);
        return Duration.ofMillis(Math.max(windowMillis - intoWindow, 1000));
    }
}
