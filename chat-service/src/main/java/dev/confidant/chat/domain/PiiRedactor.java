package dev.confidant.chat.domain;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in free text with placeholders before the text leaves for an external provider or goes
 * into logs or analytics: email addresses, phone numbers (international, national, Chinese mobile), payment card
 * numbers (Luhn-checked), Chinese resident identity numbers (check digit and birth date verified), IBANs (mod-97
 * checked) and IP addresses. Checksums keep ordinary numbers (order numbers, dates, versions) intact.
 */
public final class PiiRedactor {

    public static final String EMAIL = "[email]";
    public static final String PHONE = "[phone]";
    public static final String CARD = "[card]";
    public static final String ID_NUMBER = "[id-number]";
    public static final String IBAN = "[iban]";
    public static final String IP = "[ip]";

    private static final Pattern EMAIL_PATTERN =
            Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern IBAN_PATTERN = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");
    private static final Pattern CHINESE_ID_PATTERN = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[0-9Xx](?![0-9A-Za-z])");
    private static final Pattern CARD_PATTERN = Pattern.compile("(?<![0-9])(?:\\d[ -]?){12,18}\\d(?![0-9])");
    private static final Pattern IPV4_PATTERN = Pattern.compile(
            "(?<![0-9.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![0-9]|\\.\\d)");
    private static final Pattern IPV6_PATTERN = Pattern.compile(
            "(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f:])"
                    + "|(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}(?![0-9A-Fa-f:])"
                    + "|(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){1,7}:(?![0-9A-Fa-f:])"
                    + "|(?<![0-9A-Fa-f:])::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f:])");
    private static final Pattern CHINESE_MOBILE_PATTERN =
            Pattern.compile("(?<![0-9])(?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}(?![0-9])");
    private static final Pattern INTERNATIONAL_PHONE_PATTERN =
            Pattern.compile("(?<![0-9\\w])(?:\\+|00)[1-9][0-9 ().-]{6,20}[0-9](?![0-9])");
    private static final Pattern NATIONAL_PHONE_PATTERN = Pattern.compile(
            "(?<![0-9\\w.-])(?<![0-9][ .-])(?:\\(0?\\d{2,4}\\) ?|0?\\d{2,4}[ .-])\\d{3,4}[ .-]\\d{3,4}(?![0-9]|[ .-]\\d)");

    private static final int[] CHINESE_ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHINESE_ID_CHECK = "10X98765432";

    private PiiRedactor() {
    }

    /** The text with every piece of personal data it recognises replaced by a placeholder; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = replace(text, EMAIL_PATTERN, EMAIL, any -> true);
        result = replace(result, IBAN_PATTERN, IBAN, PiiRedactor::isIban);
        result = replace(result, CHINESE_ID_PATTERN, ID_NUMBER, PiiRedactor::isChineseResidentId);
        result = replace(result, CARD_PATTERN, CARD, PiiRedactor::isCardNumber);
        result = replace(result, IPV4_PATTERN, IP, any -> true);
        result = replace(result, IPV6_PATTERN, IP, any -> any.chars().filter(c -> c == ':').count() >= 2);
        result = replace(result, CHINESE_MOBILE_PATTERN, PHONE, any -> true);
        result = replace(result, INTERNATIONAL_PHONE_PATTERN, PHONE, found -> digits(found).length() >= 8
                && digits(found).length() <= 15);
        result = replace(result, NATIONAL_PHONE_PATTERN, PHONE, found -> digits(found).length() >= 9
                && digits(found).length() <= 12);
        return result;
    }

    /** Luhn-valid, 13 to 19 digits, not all one digit. */
    static boolean isCardNumber(String candidate) {
        String digits = digits(candidate);
        if (digits.length() < 13 || digits.length() > 19 || digits.chars().distinct().count() == 1) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** GB 11643-1999: ISO 7064 MOD 11-2 check character, and a plausible date of birth in positions 7-14. */
    static boolean isChineseResidentId(String candidate) {
        String id = candidate.toUpperCase();
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * CHINESE_ID_WEIGHTS[i];
        }
        if (CHINESE_ID_CHECK.charAt(sum % 11) != id.charAt(17)) {
            return false;
        }
        int year = Integer.parseInt(id.substring(6, 10));
        int month = Integer.parseInt(id.substring(10, 12));
        int day = Integer.parseInt(id.substring(12, 14));
        return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    /** ISO 13616: country code, check digits, mod 97 = 1. */
    static boolean isIban(String candidate) {
        String iban = candidate.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (char c : rearranged.toCharArray()) {
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }

    private static String digits(String text) {
        return text.replaceAll("[^0-9]", "");
    }

    private static String replace(String text, Pattern pattern, String placeholder, Predicate<String> confirmed) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (matcher.find()) {
            if (!confirmed.test(matcher.group())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, matcher.start()).append(placeholder);
            last = matcher.end();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }
}
