package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The account holder asked to delete their account; retention-service turns it into an erasure request.
 *
 * <p>Version 2 adds {@code receiptSha256}: the SHA-256 (hex) of the receipt account-service handed the holder, with
 * which they follow the erasure and fetch its certificate from retention-service after their tokens stop working;
 * {@code null} in version 1. The receipt itself never leaves account-service's response.
 */
@EventType(name = "AccountDeletionRequested", version = 2, topic = Topics.ACCOUNTS,
        producers = Services.ACCOUNT)
public record AccountDeletionRequested(Instant requestedAt, String receiptSha256) implements EventPayload {
    public AccountDeletionRequested {
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (receiptSha256 != null && !receiptSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("receiptSha256 must be 64 lower-case hex digits");
        }
    }

    /** A request without a receipt. */
    public AccountDeletionRequested(Instant requestedAt) {
        this(requestedAt, null);
    }
}
