package dev.confidant.platform.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings that list named values, {@code name:value,name:value}: the keys trusted per producer, retired
 * key-encryption keys by id. Blank entries are skipped; a name may repeat (two keys of one producer while it rotates).
 */
public final class KeyedEntries {

    /** One {@code name:value}; the value is everything after the first colon. */
    public record Entry(String name, String value) {
    }

    private KeyedEntries() {
    }

    /**
     * The entries in order.
     *
     * @param malformed the message of the {@link IllegalArgumentException} for an entry without a name and a colon;
     *                  it must not quote the entry, which may hold a secret
     */
    public static List<Entry> parse(String entries, String malformed) {
        List<Entry> parsed = new ArrayList<>();
        if (entries == null || entries.isBlank()) {
            return parsed;
        }
        for (String entry : entries.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(malformed);
            }
            parsed.add(new Entry(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 1).strip()));
        }
        return parsed;
    }
}
