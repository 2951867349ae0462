package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The subject's whole current consent state after a change, so consumers keep a projection without
 * calling consent-service on their hot path.
 *
 * @param purposes      purpose code → state, for every consent-based purpose
 * @param policyVersion the policy version the state was given under
 * @param ledgerEntryId the ledger entry that caused the change
 * @param changedAt     when it changed
 */
@EventType(name = "ConsentChanged", version = 1, topic = Topics.CONSENT,
        producers = Services.CONSENT)
public record ConsentChanged(Map<String, ConsentState> purposes, String policyVersion, UUID ledgerEntryId,
                             Instant changedAt) implements EventPayload {
    public ConsentChanged {
        purposes = Map.copyOf(Objects.requireNonNull(purposes, "purposes"));
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(ledgerEntryId, "ledgerEntryId");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
