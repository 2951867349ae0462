package dev.confidant.platform.events;

import java.util.Objects;

/**
 * Data an owner keeps through an erasure, and why: e.g. pseudonymous consent evidence under a legal obligation.
 */
public record RetainedData(String category, String store, String legalBasis, String reason) {
    public RetainedData {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(legalBasis, "legalBasis");
        Objects.requireNonNull(reason, "reason");
    }
}
