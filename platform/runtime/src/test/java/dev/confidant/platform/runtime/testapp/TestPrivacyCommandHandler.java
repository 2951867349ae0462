package dev.confidant.platform.runtime.testapp;

import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.runtime.owner.PrivacyCommandHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test application's data owner: counts the attempts to erase each subject, and lets the first attempts for a
 * subject fail as a deadlock would ({@link #deadlockFirst}).
 */
@ApplicationScoped
public class TestPrivacyCommandHandler implements PrivacyCommandHandler {

    public static final Map<UUID, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    public static final Set<UUID> ERASED = ConcurrentHashMap.newKeySet();
    private static final Map<UUID, Integer> DEADLOCKS = new ConcurrentHashMap<>();

    /** The first {@code times} attempts to erase {@code subject} fail with PostgreSQL's deadlock state. */
    public static void deadlockFirst(UUID subject, int times) {
        DEADLOCKS.put(subject, times);
    }

    @Override
    public void erase(UUID subject, UUID requestId, UUID correlationId) {
        int attempt = ATTEMPTS.computeIfAbsent(subject, s -> new AtomicInteger()).incrementAndGet();
        if (attempt <= DEADLOCKS.getOrDefault(subject, 0)) {
            throw new IllegalStateException("erasure failed",
                    new SQLException("deadlock detected", "40P01"));
        }
        ERASED.add(subject);
    }

    @Override
    public void expire(ExpireRecords command, UUID correlationId) {
        // owns no category
    }
}
