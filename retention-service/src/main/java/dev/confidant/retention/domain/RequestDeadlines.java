package dev.confidant.retention.domain;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * GDPR Art. 12(3): a data-subject request is answered within one calendar month of receipt, extendable by two further
 * months where necessary.
 */
public final class RequestDeadlines {

    private RequestDeadlines() {
    }

    /** One calendar month after receipt (UTC). */
    public static Instant due(Instant receivedAt) {
        return receivedAt.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
    }

    /** Three calendar months after receipt: the deadline after the one extension. */
    public static Instant extended(Instant receivedAt) {
        return receivedAt.atZone(ZoneOffset.UTC).plusMonths(3).toInstant();
    }
}
