package dev.confidant.chat.domain;

import java.text.Normalizer;

/** A client's file name made safe to store and to send back in Content-Disposition. */
public final class FileName {

    private static final int MAX = 100;

    private FileName() {
    }

    /** The last path segment, letters, digits and {@code . _ - space} only, at most 100 characters, never empty. */
    public static String sanitise(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = Normalizer.normalize(base, Normalizer.Form.NFKC).replaceAll("[^\\p{L}\\p{N}._ -]", "_")
                .replaceAll("^[. ]+", "").strip();
        if (base.length() > MAX) {
            int dot = base.lastIndexOf('.');
            String extension = dot > 0 && base.length() - dot <= 10 ? base.substring(dot) : "";
            base = base.substring(0, MAX - extension.length()) + extension;
        }
        return base.isEmpty() || base.chars().allMatch(c -> c == '_') ? "upload" : base;
    }
}
