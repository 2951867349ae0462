package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;

/**
 * What an owner removed from one store: how many items of which category, and when it finished.
 */
public record StoreCount(String store, String category, long count, Instant completedAt) {
    public StoreCount {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(completedAt, "completedAt");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
    }
}
