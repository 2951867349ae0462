package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A DPO confirmed that the subject is a child; retention-service starts erasure. */
@EventType(name = "MinorReportConfirmed", version = 1, topic = Topics.ACCOUNTS,
        producers = Services.ACCOUNT)
public record MinorReportConfirmed(UUID reportId, Instant confirmedAt) implements EventPayload {
    public MinorReportConfirmed {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
    }
}
