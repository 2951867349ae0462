package dev.confidant.chat.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the knowledge base needs from text: its language, a searchable form, a plain form, and article files. */
public final class ArticleText {

    private static final Pattern FRONT_MATTER = Pattern.compile("\\A\\uFEFF?---\\r?\\n(.*?)\\r?\\n---\\r?\\n?(.*)\\z",
            Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z_-]+)\\s*:\\s*(.*?)\\s*$");

    private ArticleText() {
    }

    /** A Markdown article file: front matter ({@code slug}, {@code lang}, {@code title}, {@code tags}) and body. */
    public record ArticleFile(String slug, String lang, String title, List<String> tags, String body) {
    }

    /** {@code zh} when the text has any Han character, else {@code en}. */
    public static String languageOf(String text) {
        return text.codePoints().anyMatch(ArticleText::isHan) ? "zh" : "en";
    }

    /**
     * The text as full-text search should index it: unchanged, except that each run of Han characters becomes its
     * overlapping two-character words (a single character stays itself), so that a Chinese question matches the
     * words it shares with an article without a Chinese dictionary.
     */
    public static String searchable(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        StringBuilder run = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (isHan(c)) {
                run.appendCodePoint(c);
            } else {
                bigrams(run, out);
                out.appendCodePoint(c);
            }
        });
        bigrams(run, out);
        return out.toString();
    }

    /**
     * Markdown with its emphasis, heading and quote marks removed and its lines joined. List dashes stay: on the
     * development question set, removing them too lowered English top-1 accuracy by four questions in 64.
     */
    public static String plain(String markdown) {
        return markdown.replaceAll("[*#`>]", "").replaceAll("\\s+", " ").strip();
    }

    /**
     * Markdown as a person reads it in a chat bubble that shows text as text: emphasis and code marks and heading
     * hashes removed, links as "text (address)", lines and list dashes kept.
     */
    public static String readable(String markdown) {
        return markdown.replaceAll("\\[([^\\]]*)\\]\\(([^)]*)\\)", "$1 ($2)")
                .replaceAll("(?m)^\\s{0,3}#{1,6}\\s+", "")
                .replaceAll("\\*\\*|__|`", "")
                .strip();
    }

    /** At most this many sentences of an article are embedded one by one (the whole article always is). */
    public static final int MAX_SENTENCES = 64;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+|(?<=[。！？；])\\s*");
    private static final int SHORTEST_SENTENCE = 8;

    /**
     * The body's sentences, as its sentence embeddings are computed from: the plain text cut after each full stop,
     * question or exclamation mark or semicolon (Latin ones when a space follows, so that an address or a number
     * is not cut; Chinese ones always), so that each list item ending in one is a
     * sentence of its own; fragments shorter than 8 characters (a heading, "e.g.") are left out.
     */
    public static List<String> sentences(String body) {
        List<String> sentences = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(plain(body))) {
            String s = sentence.strip();
            if (s.codePointCount(0, s.length()) >= SHORTEST_SENTENCE && sentences.size() < MAX_SENTENCES) {
                sentences.add(s);
            }
        }
        return sentences;
    }

    /** What an article's embedding is computed from: title, tags and the body's words. */
    public static String forEmbedding(String title, List<String> tags, String body) {
        return title + "\n" + String.join(", ", tags) + "\n" + plain(body);
    }

    /**
     * Parses a Markdown article with front matter, as the help centre keeps them. Throws
     * {@link IllegalArgumentException} saying what is missing.
     */
    public static ArticleFile parse(String text) {
        Matcher m = FRONT_MATTER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must start with front matter between two --- lines");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : m.group(1).split("\\r?\\n")) {
            Matcher f = FIELD.matcher(withoutComment(line));
            if (f.matches()) {
                fields.put(f.group(1).toLowerCase(), unquote(f.group(2)));
            }
        }
        for (String required : List.of("slug", "title")) {
            if (fields.getOrDefault(required, "").isBlank()) {
                throw new IllegalArgumentException("front matter has no " + required);
            }
        }
        String body = m.group(2).strip();
        String lang = fields.getOrDefault("lang", "").isBlank() ? languageOf(fields.get("title") + body)
                : fields.get("lang");
        return new ArticleFile(fields.get("slug"), lang, fields.get("title"), tags(fields.getOrDefault("tags", "")),
                body);
    }

    private static List<String> tags(String value) {
        String inner = value.strip();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        List<String> tags = new ArrayList<>();
        for (String tag : inner.split(",")) {
            String t = unquote(tag.strip());
            if (!t.isEmpty()) {
                tags.add(t);
            }
        }
        return tags;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static boolean isHan(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }

    private static void bigrams(StringBuilder run, StringBuilder out) {
        if (run.isEmpty()) {
            return;
        }
        int[] cps = run.codePoints().toArray();
        out.append(' ');
        if (cps.length == 1) {
            out.appendCodePoint(cps[0]).append(' ');
        }
        for (int i = 0; i + 1 < cps.length; i++) {
            out.appendCodePoint(cps[i]).appendCodePoint(cps[i + 1]).append(' ');
        }
        run.setLength(0);
    }
}
