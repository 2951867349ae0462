package dev.confidant.platform.runtime.mail;

import java.util.regex.Pattern;

/**
 * Text that someone typed, made safe to put into a mail body: one line, no control or invisible formatting characters
 * (line breaks, tabs, bidirectional overrides that reorder what the reader sees), at most {@value #MAX} characters. A
 * subject line never carries typed text at all.
 */
public final class MailText {

    static final int MAX = 100;

    /** Text without control or invisible formatting characters, as a validation pattern for typed values. */
    public static final String PLAIN_TEXT = "[^\\p{Cc}\\p{Cf}\\u2028\\u2029]*";

    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\p{Cf}\\u2028\\u2029]+");

    private MailText() {
    }

    /** The value on one line, as a reader should see it. */
    public static String inline(String value) {
        if (value == null) {
            return "";
        }
        String line = UNSAFE.matcher(value).replaceAll(" ").replaceAll("\\s+", " ").strip();
        return line.length() <= MAX ? line : line.substring(0, MAX).strip() + "…";
    }
}
