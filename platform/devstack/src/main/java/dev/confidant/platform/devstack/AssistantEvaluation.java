package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Asks a running chat-service every question of a JSONL question set, as a widget visitor would (a visitor token from
 * account-service, a new conversation per question), and scores the answers: top-1 citation accuracy per language,
 * out-of-scope questions answered "unsure", in-scope questions wrongly answered "unsure", answers in the question's
 * language, and round-trip latency. Question format: {@code {"q": …, "lang": "en"|"zh", "expect": slug | [slugs] |
 * null}} (docs/chat.md).
 *
 * <pre>java -cp platform/devstack/target/confidant-devstack.jar dev.confidant.platform.devstack.AssistantEvaluation
 *     questions.jsonl [--chat URL] [--account URL] [--limit N] [--misses]</pre>
 */
public final class AssistantEvaluation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUESTIONS_PER_VISITOR = 20;

    /** One question of the set. {@code expect} is empty for a question no article answers. */
    public record Question(String text, String lang, Set<String> expect) {
    }

    /** What the assistant answered and how long the round trip took. */
    public record Outcome(Question question, String cited, String citedLang, boolean confident, long micros) {

        boolean correct() {
            return confident && question.expect().contains(cited);
        }
    }

    /** The figures of one run. */
    public record Result(Map<String, Double> top1, double outOfScopeUnsure, double inScopeUnsure,
                         double ownLanguage, Map<String, Long> latencyMillis, List<Outcome> outcomes) {

        public void print(PrintStream out, boolean misses) {
            out.println("Assistant evaluation: " + outcomes.size() + " questions");
            top1.forEach((lang, share) -> out.printf("  top-1 citation accuracy (%s, %d questions)  %.2f%n", lang,
                    outcomes.stream().filter(o -> !o.question().expect().isEmpty()
                            && o.question().lang().equals(lang)).count(), share));
            out.printf("  out-of-scope answered unsure          %.2f%n", outOfScopeUnsure);
            out.printf("  in-scope wrongly answered unsure      %.2f%n", inScopeUnsure);
            out.printf("  quoted in the question's language     %.2f%n", ownLanguage);
            out.printf("  latency ms  p50 %d  p90 %d  p99 %d  max %d%n", latencyMillis.get("p50"),
                    latencyMillis.get("p90"), latencyMillis.get("p99"), latencyMillis.get("max"));
            if (misses) {
                for (Outcome o : outcomes) {
                    boolean outOfScope = o.question().expect().isEmpty();
                    if (outOfScope ? o.confident() : !o.correct()) {
                        out.printf("  miss [%s] %s -> %s%s (expected %s)%n", o.question().lang(), o.question().text(),
                                o.confident() ? "" : "unsure ", o.cited(), outOfScope ? "unsure" : o.question().expect());
                    }
                }
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI chat;
    private final URI account;
    private String token;
    private int asked;

    public AssistantEvaluation(URI chat, URI account) {
        this.chat = chat;
        this.account = account;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("Usage: AssistantEvaluation questions.jsonl [--chat URL] [--account URL] [--limit N] "
                    + "[--misses]");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--misses")) {
                options.put("misses", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            }
        }
        List<Question> questions = read(Path.of(args[0]));
        int limit = Integer.parseInt(options.getOrDefault("limit", String.valueOf(questions.size())));
        AssistantEvaluation evaluation = new AssistantEvaluation(
                URI.create(options.getOrDefault("chat", "http://127.0.0.1:8080")),
                URI.create(options.getOrDefault("account", "http://127.0.0.1:8081")));
        evaluation.run(questions.subList(0, Math.min(limit, questions.size())))
                .print(System.out, options.containsKey("misses"));
    }

    /** Reads a JSONL question set. */
    public static List<Question> read(Path file) throws IOException {
        List<Question> questions = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            JsonNode expect = node.path("expect");
            Set<String> slugs = new java.util.LinkedHashSet<>();
            if (expect.isArray()) {
                expect.forEach(e -> slugs.add(e.asText()));
            } else if (expect.isTextual()) {
                slugs.add(expect.asText());
            }
            questions.add(new Question(node.path("q").asText(), node.path("lang").asText("en"), slugs));
        }
        return questions;
    }

    public Result run(List<Question> questions) throws IOException, InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Question question : questions) {
            outcomes.add(ask(question));
        }
        return score(outcomes);
    }

    static Result score(List<Outcome> outcomes) {
        Map<String, Double> top1 = new TreeMap<>();
        outcomes.stream().filter(o -> !o.question().expect().isEmpty()).map(o -> o.question().lang()).distinct()
                .forEach(lang -> top1.put(lang, share(outcomes, o -> !o.question().expect().isEmpty()
                        && o.question().lang().equals(lang), Outcome::correct)));
        double outOfScopeUnsure = share(outcomes, o -> o.question().expect().isEmpty(), o -> !o.confident());
        double inScopeUnsure = share(outcomes, o -> !o.question().expect().isEmpty(), o -> !o.confident());
        // of the answers that quote an article (an offer to act, such as a hand-off, may cite none)
        double ownLanguage = share(outcomes, o -> o.cited() != null, o -> o.question().lang().equals(o.citedLang()));
        List<Long> micros = new ArrayList<>(outcomes.stream().map(Outcome::micros).toList());
        Collections.sort(micros);
        Map<String, Long> latency = new LinkedHashMap<>();
        latency.put("p50", percentile(micros, 0.50));
        latency.put("p90", percentile(micros, 0.90));
        latency.put("p99", percentile(micros, 0.99));
        latency.put("max", micros.isEmpty() ? 0 : micros.get(micros.size() - 1) / 1000);
        return new Result(top1, outOfScopeUnsure, inScopeUnsure, ownLanguage, latency, outcomes);
    }

    private Outcome ask(Question question) throws IOException, InterruptedException {
        if (asked++ % QUESTIONS_PER_VISITOR == 0) { // a new visitor for every 20 questions, the first one included
            token = VisitorTokens.issue(http, account).token();
        }
        String body = JSON.createObjectNode().put("text", question.text()).toString();
        Answered answered = send(HttpRequest.newBuilder(chat.resolve("/api/conversations"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), 201);
        JsonNode answer = JSON.readTree(answered.body()).path("answer");
        long micros = answered.micros();
        JsonNode first = answer.path("citations").path(0);
        return new Outcome(question, first.path("slug").asText(null), first.path("lang").asText(null),
                answer.path("confident").asBoolean(false), micros);
    }

    /** A response's body and how long the request that got it took (waits for a rate limit left out). */
    private record Answered(String body, long micros) {
    }

    /** Sends a request, waiting out a 429 as its Retry-After asks. */
    private Answered send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == expected) {
                return new Answered(response.body(), (System.nanoTime() - started) / 1000);
            }
            if (response.statusCode() != 429 || attempt == 20) {
                throw new IOException(request.build().uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            long wait = response.headers().firstValueAsLong("Retry-After").orElse(2);
            Thread.sleep(Duration.ofSeconds(Math.max(1, wait)).toMillis());
        }
    }

    private static double share(List<Outcome> outcomes, java.util.function.Predicate<Outcome> of,
                                java.util.function.Predicate<Outcome> which) {
        long total = outcomes.stream().filter(of).count();
        return total == 0 ? 0 : (double) outcomes.stream().filter(of).filter(which).count() / total;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1,
                (int) Math.ceil(p * sorted.size()) - 1)) / 1000;
    }
}
