package dev.confidant.consent.service;

import dev.confidant.consent.domain.CurrentConsent;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.cluster.SubjectMemory;
import dev.confidant.platform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The consent states that decisions read, remembered per subject so that a repeated decision costs no database round
 * trip (a decision over HTTP went from about 6,000 to 10,000 a second: docs/benchmarks.md). What is remembered is only
 * ever the database's state as read:
 * <ul>
 * <li>every change to a subject's state on any replica is signalled to every replica by a trigger on
 *     {@code consent_state} and {@code consent_subject} ({@link ClusterSignals}, kind {@code consent-changed}), and
 *     the replica that made it also forgets the subject as soon as its transaction commits, so its own next decision
 *     reads the change;</li>
 * <li>while the replica is not listening for signals (starting, or its listening connection broken), nothing is
 *     remembered and every decision reads the database; when listening resumes, everything is forgotten;</li>
 * <li>a state read while any subject changed is not kept (it may predate the change).</li>
 * </ul>
 * At most {@code confidant.consent.remembered-subjects} (50,000) subjects are kept; when full, all are forgotten.
 * Set it to 0 to read the database for every decision. The remembering itself is the platform's {@link SubjectMemory}.
 */
@ApplicationScoped
public class ConsentStates {

    static final String SIGNAL = "consent-changed";

    /** One purpose's state for a subject as decisions need it: the current consent (null: none) and the minor flag. */
    public record State(CurrentConsent current, boolean minor) {
    }

    private final SubjectMemory<State> memory;

    @Inject
    public ConsentStates(ClusterSignals signals, AfterCommit afterCommit,
                         @ConfigProperty(name = "confidant.consent.remembered-subjects", defaultValue = "50000")
                         int capacity) {
        memory = new SubjectMemory<>(SIGNAL, capacity, signals, afterCommit);
    }

    /** The state of one purpose for a subject, remembered or read by {@code read}. */
    public State of(UUID subject, String purpose, Supplier<State> read) {
        return memory.of(subject, purpose, read);
    }

    /** The subject's state changes in the current transaction (the triggers signal the other replicas). */
    public void changing(UUID subject) {
        memory.changing(subject);
    }

    /** How many subjects are remembered (for tests and diagnostics). */
    public int remembered() {
        return memory.remembered();
    }
}
