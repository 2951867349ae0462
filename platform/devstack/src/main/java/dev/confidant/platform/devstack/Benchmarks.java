package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.confidant.platform.devstack.VisitorTokens.Visitor;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The performance targets measured against a running suite, each beside its baseline in the same run, bounded in time:
 * one table on the console and one JSON file (docs/benchmarks.md). {@code ./bench/run} starts a fresh devstack and
 * runs this; {@code BenchmarksIT} runs its smoke mode (a few seconds per scenario) on the tests' suite, so the
 * scenarios keep working.
 *
 * <pre>
 * java -cp platform/devstack/target/confidant-devstack.jar dev.confidant.platform.devstack.Benchmarks \
 *      [--smoke] [--json FILE] [--account URL] [--consent URL]
 * </pre>
 *
 * <p>Scenarios so far: consent decisions with visitors' own tokens against the same service's trivial endpoint
 * (open model at a fixed rate: latency counts from when each request was due, so a stalled server cannot hide its
 * queue; and closed model for the throughput ratio), and the resident memory of each service process.
 */
public final class Benchmarks {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String TRIVIAL = "/api/purposes";
    /** Connections that carry the open-model load: far more than a healthy server needs at 5,000 requests a second. */
    private static final int SENDERS = 64;
    private static final List<String> SERVICES = List.of("account-service", "consent-service", "chat-service",
            "retention-service");

    /** One measured figure, its target, and whether it met it (null: a figure with no target of its own). */
    public record Figure(String scenario, String measure, double value, String unit, String target, Boolean met) {
    }

    /** How long and how hard each scenario runs. */
    public record Settings(int rate, int seconds, int warmUpSeconds, int visitors, int connections) {

        static Settings full() {
            return new Settings(5_000, 20, 30, 20, 32);
        }

        static Settings smoke() {
            return new Settings(100, 2, 1, 3, 4);
        }
    }

    private final URI account;
    private final URI consent;
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Figure> figures = new ArrayList<>();

    public Benchmarks(URI account, URI consent, Settings settings) {
        this.account = account;
        this.consent = consent;
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        boolean smoke = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--smoke")) {
                smoke = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("usage: Benchmarks [--smoke] [--json FILE] [--account URL] [--consent URL]");
                System.exit(2);
            }
        }
        Benchmarks benchmarks = new Benchmarks(URI.create(options.getOrDefault("account", "http://127.0.0.1:8081")),
                URI.create(options.getOrDefault("consent", "http://127.0.0.1:8082")),
                smoke ? Settings.smoke() : Settings.full());
        List<Figure> figures = benchmarks.run();
        print(figures, System.out);
        Path json = Path.of(options.getOrDefault("json", "target/bench/results.json"));
        write(figures, smoke, json);
        System.out.println("Results written to " + json);
    }

    /** Runs every scenario and returns its figures. */
    public List<Figure> run() throws Exception {
        decisions();
        memory();
        return List.copyOf(figures);
    }

    // --- consent decisions -----------------------------------------------------------------------------------

    private void decisions() throws Exception {
        List<Visitor> visitors = visitors(settings.visitors());
        // warm-up: the JIT compiles the paths before anything is measured
        open(visitors, false, settings.warmUpSeconds(), null);
        open(visitors, true, settings.warmUpSeconds(), null);

        double trivialRate = closed(visitors, true);
        double decisionRate = closed(visitors, false);
        figures.add(new Figure("consent decision", "throughput, closed model (" + settings.connections()
                + " connections)", decisionRate, "req/s", null, null));
        figures.add(new Figure("consent decision", "baseline: " + TRIVIAL + " throughput", trivialRate, "req/s",
                null, null));
        double ratio = decisionRate / trivialRate;
        figures.add(new Figure("consent decision", "ratio to baseline", ratio, "", "≥ 0.5", ratio >= 0.5));

        for (boolean trivial : new boolean[] {true, false}) {
            long[] latencies = new long[settings.rate() * settings.seconds()];
            int errors = open(visitors, trivial, settings.seconds(), latencies);
            Arrays.sort(latencies);
            String name = trivial ? "baseline: " + TRIVIAL : "decision";
            double p99 = quantile(latencies, 0.99);
            figures.add(new Figure("consent decision", name + " p50 at " + settings.rate() + "/s, open model",
                    quantile(latencies, 0.50), "ms", null, null));
            figures.add(new Figure("consent decision", name + " p99 at " + settings.rate() + "/s, open model",
                    p99, "ms", trivial ? null : "≤ 5 ms at 5,000/s",
                    trivial ? null : p99 <= 5 && settings.rate() >= 5_000));
            figures.add(new Figure("consent decision", name + " errors", errors, "", "0", errors == 0));
        }
    }

    private List<Visitor> visitors(int count) throws IOException, InterruptedException {
        List<Visitor> visitors = new ArrayList<>();
        while (visitors.size() < count) {
            visitors.add(VisitorTokens.issue(http, account));
        }
        return visitors;
    }

    private HttpRequest request(Visitor visitor, boolean trivial, int i) {
        String purpose = i % 4 == 0 ? "questions.answer" : "analytics.usage";
        URI uri = consent.resolve(trivial ? TRIVIAL
                : "/api/decisions?subject=" + visitor.subject() + "&purpose=" + purpose);
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + visitor.token())
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    /**
     * Sends {@code rate} requests a second for {@code seconds}, each when it is due whatever the answers before it;
     * records each latency from its due time (ns) when given an array. Returns the number of failures. The requests
     * go out over at most {@link #SENDERS} connections (a sender waits for its answer before it takes the next due
     * request): a request that waits for a free sender has that wait in its latency, as it would wait in a queue.
     */
    private int open(List<Visitor> visitors, boolean trivial, int seconds, long[] latencies)
            throws InterruptedException {
        int total = settings.rate() * seconds;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime() + 10_000_000;
        double interval = 1e9 / settings.rate();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int s = 0; s < SENDERS; s++) {
            senders.execute(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + (long) (i * interval);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // sleep, not spin: the generator must not take a core
                    }
                    if (!answered(request(visitors.get(i % visitors.size()), trivial, i))) {
                        errors.incrementAndGet();
                    }
                    if (latencies != null) {
                        latencies[i] = System.nanoTime() - due;
                    }
                }
            });
        }
        senders.shutdown();
        if (!senders.awaitTermination(seconds + 120L, TimeUnit.SECONDS)) {
            senders.shutdownNow();
            errors.addAndGet(Math.max(0, total - next.get()));
        }
        return errors.get();
    }

    /** Whether the request was answered 200. */
    private boolean answered(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Requests answered per second by {@code connections} clients that each send the next on an answer. */
    private double closed(List<Visitor> visitors, boolean trivial) throws InterruptedException {
        AtomicLong answered = new AtomicLong();
        long end = System.nanoTime() + settings.seconds() * 1_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(settings.connections());
        for (int c = 0; c < settings.connections(); c++) {
            int client = c;
            clients.execute(() -> {
                for (int i = client; System.nanoTime() < end && !Thread.currentThread().isInterrupted();
                     i += settings.connections()) {
                    if (answered(request(visitors.get(i % visitors.size()), trivial, i))) {
                        answered.incrementAndGet();
                    }
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(settings.seconds() + 60L, TimeUnit.SECONDS);
        return answered.get() / (double) settings.seconds();
    }

    // --- memory ------------------------------------------------------------------------------------------------

    /** The resident memory of each service process on this machine (Linux), found by its packaged jar's path. */
    private void memory() throws IOException {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return;
        }
        Map<String, Long> rss = new LinkedHashMap<>();
        try (var processes = Files.list(proc)) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                    for (String service : SERVICES) {
                        if (command.contains(service + "/target/quarkus-app/quarkus-run.jar")) {
                            for (String line : Files.readAllLines(process.resolve("status"))) {
                                if (line.startsWith("VmRSS:")) {
                                    rss.merge(service, Long.parseLong(line.replaceAll("\\D", "")), Math::max);
                                }
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile, or is not ours to read
                }
            }
        }
        rss.forEach((service, kb) -> {
            double mb = kb / 1024.0;
            double target = service.equals("chat-service") ? 600 : 250;
            figures.add(new Figure("resident memory", service + " after the scenarios above", mb, "MB",
                    "≤ " + (int) target + " MB", mb <= target));
        });
    }

    // --- output ------------------------------------------------------------------------------------------------

    private static double quantile(long[] sortedNanos, double q) {
        return sortedNanos.length == 0 ? 0
                : sortedNanos[Math.min(sortedNanos.length - 1, (int) (sortedNanos.length * q))] / 1e6;
    }

    public static void print(List<Figure> figures, PrintStream out) {
        out.printf("%n%-18s %-58s %12s  %-20s %s%n", "scenario", "measure", "value", "target", "met");
        for (Figure f : figures) {
            out.printf("%-18s %-58s %12s  %-20s %s%n", f.scenario(), f.measure(),
                    String.format("%,.2f %s", f.value(), f.unit()).strip(), f.target() == null ? "" : f.target(),
                    f.met() == null ? "" : f.met() ? "yes" : "NO");
        }
    }

    public static void write(List<Figure> figures, boolean smoke, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("measuredAt", Instant.now().toString());
        document.put("smoke", smoke);
        document.put("processors", Runtime.getRuntime().availableProcessors());
        document.put("figures", figures);
        JSON.writeValue(file.toFile(), document);
    }
}
