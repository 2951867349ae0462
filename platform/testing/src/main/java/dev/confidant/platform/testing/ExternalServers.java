package dev.confidant.platform.testing;

import java.util.Locale;

/** Whether a standard Quarkus setting names an external server, as a system property or in the environment. */
final class ExternalServers {

    private ExternalServers() {
    }

    /** True when {@code property} (or its environment-variable form) is set and not blank. */
    static boolean configured(String property) {
        return value(property) != null;
    }

    static String value(String property) {
        String fromProperty = System.getProperty(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty;
        }
        String fromEnv = System.getenv(property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
    }
}
