package dev.confidant.platform.events;

import java.util.List;
import java.util.Objects;

/** One data category an owner holds, and the stores it keeps it in. */
public record OwnedCategory(String category, List<String> stores) {
    public OwnedCategory {
        Objects.requireNonNull(category, "category");
        stores = List.copyOf(Objects.requireNonNull(stores, "stores"));
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("a category is kept in at least one store");
        }
    }
}
