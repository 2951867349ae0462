package dev.confidant.chat.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names of other companies' products and services ("Netflix", "淘宝"), so that the assistant does not answer a
 * question about one of them from our own articles: "how do I reset my Netflix password" is as close to our password
 * article as "how do I reset my password" for a small embedding model, and no similarity threshold tells them apart.
 * A question that names such a product may only be answered from an article that mentions it too: "你们支持微信付款吗"
 * may be answered from the article listing the payment methods (it names 微信支付), "微信怎么恢复聊天记录" not from the
 * one about exporting our transcripts.
 *
 * <p>A Latin name matches as a whole word, case-insensitive, also between Chinese characters ("怎么修改QQ密码"); a
 * Chinese name matches wherever it occurs.
 */
public final class OtherProducts {

    /** The names that ship with the service: widely used consumer services, in English and Chinese. */
    public static final String BUILT_IN = "other-products.txt";

    /** Each name with the pattern that finds it, in the order of the list. */
    private final Map<String, Pattern> names = new LinkedHashMap<>();

    private OtherProducts(Collection<String> names) {
        for (String name : names) {
            String n = name.strip();
            if (!n.isEmpty()) {
                this.names.putIfAbsent(n, pattern(n));
            }
        }
    }

    /** The given names; none: the check is off. */
    public static OtherProducts of(Collection<String> names) {
        return new OtherProducts(names);
    }

    /** The built-in names and the given ones. */
    public static OtherProducts builtInAnd(Collection<String> more) {
        List<String> all = new ArrayList<>(read(BUILT_IN));
        all.addAll(more);
        return new OtherProducts(all);
    }

    /** The names the text mentions, in the order of the list. */
    public List<String> named(String text) {
        if (names.isEmpty() || text == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        names.forEach((name, pattern) -> {
            if (pattern.matcher(text).find()) {
                found.add(name);
            }
        });
        return found;
    }

    /** Whether the text mentions every one of the names that {@link #named} found. */
    public boolean mentionsAll(String text, List<String> named) {
        for (String name : named) {
            if (!names.get(name).matcher(text).find()) {
                return false;
            }
        }
        return true;
    }

    public int size() {
        return names.size();
    }

    private static Pattern pattern(String name) {
        // Latin letters and digits next to a Latin name make it part of another word; Chinese characters do not
        String before = latin(name.codePointAt(0)) ? "(?<![\\p{IsLatin}\\d])" : "";
        String after = latin(name.codePointBefore(name.length())) ? "(?![\\p{IsLatin}\\d])" : "";
        return Pattern.compile(before + Pattern.quote(name) + after, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static boolean latin(int c) {
        return Character.isDigit(c) || Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN;
    }

    /** One name per line; blank lines and lines starting with {@code #} are left out. */
    static List<String> read(String resource) {
        InputStream in = OtherProducts.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new UncheckedIOException(new IOException("resource " + resource + " is not on the class path"));
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    lines.add(l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
