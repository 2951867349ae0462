package dev.confidant.consent.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every policy version in the order they take effect, as an immutable snapshot: which one is in force at an instant,
 * and since when consent must have been given for it to still count (the last material change in force).
 */
public final class PolicyTimeline {

    /** The facts of one version that decisions need. */
    public record Entry(String version, Instant effectiveAt, boolean material) {
    }

    private final List<Entry> entries;

    public PolicyTimeline(List<Entry> entries) {
        this.entries = entries.stream().sorted(Comparator.comparing(Entry::effectiveAt)).toList();
    }

    /** The version in force at {@code now}, if any has taken effect. */
    public Optional<Entry> current(Instant now) {
        Entry current = null;
        for (Entry entry : entries) {
            if (entry.effectiveAt().isAfter(now)) {
                break;
            }
            current = entry;
        }
        return Optional.ofNullable(current);
    }

    public Optional<Entry> find(String version) {
        return entries.stream().filter(e -> e.version().equals(version)).findFirst();
    }

    /**
     * Consent given under a version that took effect before this instant no longer counts: the effective time of the
     * latest material version in force, or {@link Instant#MIN} when none is.
     */
    public Instant consentBaseline(Instant now) {
        Instant baseline = Instant.MIN;
        for (Entry entry : entries) {
            if (entry.effectiveAt().isAfter(now)) {
                break;
            }
            if (entry.material()) {
                baseline = entry.effectiveAt();
            }
        }
        return baseline;
    }

    /**
     * Whether a choice may be made under {@code version} at {@code now}: the version in force, or one published to
     * take effect later (a subject may accept an announced version early). Older versions are superseded.
     */
    public boolean acceptsChoicesUnder(String version, Instant now) {
        Optional<Entry> current = current(now);
        Optional<Entry> chosen = find(version);
        if (chosen.isEmpty()) {
            return false;
        }
        return current.isEmpty() || !chosen.get().effectiveAt().isBefore(current.get().effectiveAt());
    }

    /** Versions taking effect after {@code since}, in order: what a subject who chose under {@code since} has not seen. */
    public List<Entry> after(Instant since) {
        return entries.stream().filter(e -> e.effectiveAt().isAfter(since)).toList();
    }

    public Optional<Entry> latest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }
}
