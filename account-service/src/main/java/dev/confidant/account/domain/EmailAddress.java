package dev.confidant.account.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email normalisation: trimmed and lower-cased, so uniqueness is case-insensitive. No provider-specific rewriting
 * (dots, plus tags): those are different mailboxes on many providers.
 */
public final class EmailAddress {

    // Pragmatic shape check; the verification mail is the real proof.
    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    public static final int MAX_LENGTH = 254;

    private EmailAddress() {
    }

    /** The normalised address, or empty when it is not a plausible address. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String email = raw.strip().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_LENGTH || !SHAPE.matcher(email).matches()) {
            return Optional.empty();
        }
        return Optional.of(email);
    }
}
