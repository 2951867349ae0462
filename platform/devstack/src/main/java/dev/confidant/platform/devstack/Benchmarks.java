package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.confidant.platform.devstack.VisitorTokens.Visitor;
import dev.confidant.platform.devstack.Wrk.Call;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The performance targets measured against a running suite, each beside its baseline in the same run, bounded in time:
 * one table on the console and one JSON file (docs/benchmarks.md). {@code ./bench/run} starts a fresh devstack and
 * runs this; {@code BenchmarksIT} runs its smoke mode (a few seconds per scenario) on the tests' suite, so the
 * scenarios keep working.
 *
 * <pre>
 * java -cp platform/devstack/target/confidant-devstack.jar dev.confidant.platform.devstack.Benchmarks \
 *      [--smoke] [--only decisions,chat,assistant,revocation,requests,sweep,memory,sockets,startup] [--json FILE] …
 * </pre>
 *
 * <p>Scenarios so far: consent decisions with visitors' own tokens against the same service's trivial endpoint
 * (open model at a fixed rate: latency counts from when each request was due, so a stalled server cannot hide its
 * queue; and closed model for the throughput ratio); chat messages written through the API against the same rows
 * written with raw JDBC; questions answered by the assistant against retrieval alone in chat-service's process; a
 * logout everywhere until every service refuses the token; access and erasure requests of subjects with a chat
 * history, one at a time and then all at once under chat load; the retention sweep of many expired messages against
 * a plain {@code DELETE} of them, with chat latency during each; the resident memory of each service process; widget
 * connections held open on one chat-service and a message broadcast to them all
 * ({@link SocketBenchmark}); and each service's start-up time and idle memory beside an empty Quarkus application
 * with the same extensions ({@link StartupBenchmark}). Closed models run on {@code wrk} when it is installed
 * ({@link Wrk}), else on the JDK's client; each path is warmed until its rate settles first.
 */
public final class Benchmarks {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String TRIVIAL = "/api/purposes";
    /** Connections that carry the open-model load: far more than a healthy server needs at 5,000 requests a second. */
    private static final int SENDERS = 64;
    /** How long each warm-up round runs. */
    private static final int WARM_UP_ROUND_SECONDS = 10;
    /** The shortest warm-up of a full run. */
    private static final int WARM_UP_MIN_SECONDS = 120;
    /** How many different requests wrk sends in turn (every visitor and purpose, many times over). */
    private static final int WRK_CALLS = 400;
    private static final List<String> SERVICES = List.of("account-service", "consent-service", "chat-service",
            "retention-service");

    /** One measured figure, its target, and whether it met it (null: a figure with no target of its own). */
    public record Figure(String scenario, String measure, double value, String unit, String target, Boolean met) {
    }

    /**
     * How long and how hard each scenario runs. {@code rate}: consent decisions a second; {@code chatRate}: chat
     * messages a second; {@code chatMessages}: at most this many messages in the closed model (the smoke mode stays
     * within the real rate limits of the tests' suite); {@code people}: accounts registered for the revocation
     * scenario; {@code requests}: the access and erasure scenario; {@code openWarmUpSeconds}: how long an open model's
     * load runs unrecorded before it is measured (none in the smoke mode, which stays within the rate limits).
     */
    public record Settings(int rate, int seconds, int warmUpSeconds, int openWarmUpSeconds, int visitors,
                           int connections, int people, int chatRate, int chatMessages, Answers answers,
                           Requests requests, Sweep sweep, Sockets sockets, Startup startup) {

        static Settings full() {
            return new Settings(5_000, 20, 300, 10, 20, 32, 30, 1_000, Integer.MAX_VALUE,
                    new Answers(300, Integer.MAX_VALUE, 50), new Requests(10, 90, 1_000, 10, 100),
                    new Sweep(1_000_000, 100, 100, 60), new Sockets(15_000, 100), new Startup(3, 20, SERVICES));
        }

        static Settings smoke() {
            return new Settings(100, 2, 1, 0, 3, 4, 1, 5, 12, new Answers(2, 4, 3),
                    new Requests(1, 1, 10, 1, 5), new Sweep(1_000, 100, 3, 3), new Sockets(20, 10),
                    new Startup(1, 1, List.of("consent-service")));
        }
    }

    /**
     * The retention-sweep scenario: {@code messages} expired messages in conversations of {@code perConversation},
     * removed once by a plain {@code DELETE} and once by the sweep; chat messages are written at {@code chatRate} a
     * second (open model) for {@link Settings#seconds()} with no sweep, and for {@code loadSeconds} around the sweep.
     */
    public record Sweep(int messages, int perConversation, int chatRate, int loadSeconds) {
    }

    /**
     * The assistant scenario: questions answered a second in a closed model (at most {@code messages} in each run),
     * latency in an open model at {@code rate} a second (the target's rate, or half what the closed model reached when
     * it did not reach that), and {@code alone} questions one at a time for retrieval's own cost.
     */
    public record Answers(int rate, int messages, int alone) {
    }

    /**
     * The widget-connection scenario: {@code connections} WebSockets held open on one chat-service, {@code
     * perConversation} following each visitor's conversation (as tabs and devices of one visitor would).
     */
    public record Sockets(int connections, int perConversation) {
    }

    /**
     * The start-up scenario: each of {@code services}, and the empty Quarkus application beside it, is launched
     * {@code rounds} times one after the other and timed to ready; its resident memory is read {@code idleSeconds}
     * after the first launch was ready.
     */
    public record Startup(int rounds, int idleSeconds, List<String> services) {
    }

    /**
     * The privacy-request scenario: {@code alone} subjects ask for a copy of their data and then for erasure, one at a
     * time with no other load; then {@code together} more ask for erasure all at once while chat messages are being
     * written, {@code chatRate} a second (open model). Each has {@code messages} messages and {@code uploads} uploads.
     */
    public record Requests(int alone, int together, int messages, int uploads, int chatRate) {
    }

    /**
     * Where the suite's services listen, and how to read the link mailed to an address (waiting for the mail; null
     * when it never came), as a person would follow it; chat-service's database (for the raw baselines and the
     * sweep's seeded rows) and management interface (its metrics); and how to get a DPO's access token (to start a
     * retention sweep).
     */
    public record Suite(URI account, URI consent, URI chat, URI retention, Function<String, String> mailedLink,
                        String chatDatabase, URI chatManagement, Callable<String> dpoToken) {
    }

    private final Suite suite;
    private final URI account;
    private final URI consent;
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Figure> figures = new ArrayList<>();
    private final Optional<Wrk> wrk;
    /** The open models' generator, while {@link #run(List)} runs. */
    private OpenLoad openLoad;
    /** Load runs so far: "{r}" in a request's body becomes its run's number, so a run's texts are its own. */
    private final AtomicInteger runs = new AtomicInteger();
    /** The chat scenario's visitors and messages, written again while erasures run. */
    private ChatLoad chatLoad;

    public Benchmarks(Suite suite, Settings settings) {
        this.suite = suite;
        this.account = suite.account();
        this.consent = suite.consent();
        this.settings = settings;
        this.wrk = Wrk.find();
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
                System.err.println("usage: Benchmarks [--smoke] [--only SCENARIO,…] [--json FILE] [--account URL] "
                        + "[--consent URL] [--chat URL] [--retention URL] [--devstack-log FILE] [--chat-db JDBC-URL] "
                        + "[--chat-management URL]; "
                        + "scenarios: " + String.join(", ", SCENARIOS));
                System.exit(2);
            }
        }
        Path console = Path.of(options.getOrDefault("devstack-log", "target/bench/devstack.log"));
        Suite suite = new Suite(URI.create(options.getOrDefault("account", "http://127.0.0.1:8081")),
                URI.create(options.getOrDefault("consent", "http://127.0.0.1:8082")),
                URI.create(options.getOrDefault("chat", "http://127.0.0.1:8080")),
                URI.create(options.getOrDefault("retention", "http://127.0.0.1:8083")),
                address -> mailedLink(console, address),
                options.getOrDefault("chat-db", "jdbc:postgresql://127.0.0.1:15432/chat"),
                URI.create(options.getOrDefault("chat-management", "http://127.0.0.1:9080")),
                new DevstackDpo(URI.create(options.getOrDefault("account", "http://127.0.0.1:8081")),
                        address -> mailedLink(console, address), console.resolveSibling("admin-password")));
        Benchmarks benchmarks = new Benchmarks(suite, smoke ? Settings.smoke() : Settings.full());
        List<Figure> figures = benchmarks.run(options.containsKey("only")
                ? List.of(options.get("only").split(",")) : SCENARIOS);
        print(figures, System.out);
        Path json = Path.of(options.getOrDefault("json", "target/bench/results.json"));
        write(figures, smoke, json);
        System.out.println("Results written to " + json);
    }

    /** The link mailed to {@code address} as the devstack printed it to {@code console}, waiting up to 30 s for it. */
    private static String mailedLink(Path console, String address) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(console)) {
                    String link = MailCatcher.latestLinkTo(
                            new String(Files.readAllBytes(console), StandardCharsets.UTF_8), address);
                    if (link != null) {
                        return link;
                    }
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Runs every scenario and returns its figures. */
    public List<Figure> run() throws Exception {
        return run(SCENARIOS);
    }

    /** Every scenario, by the name {@code --only} takes. */
    static final List<String> SCENARIOS = List.of("decisions", "chat", "assistant", "revocation", "requests",
            "sweep", "memory", "sockets", "startup");

    /** Runs the named scenarios ({@link #SCENARIOS}), in their usual order, and returns their figures. */
    public List<Figure> run(List<String> only) throws Exception {
        for (String name : only) {
            if (!SCENARIOS.contains(name)) {
                throw new IllegalArgumentException("no scenario " + name + "; there are " + SCENARIOS);
            }
        }
        try (OpenLoad load = new OpenLoad(SENDERS)) {
            openLoad = load;
            scenarios(only);
        } finally {
            openLoad = null;
        }
        return List.copyOf(figures);
    }

    private void scenarios(List<String> only) throws Exception {
        if (only.contains("decisions")) {
            decisions();
        }
        if (only.contains("chat")) {
            chatMessages();
        }
        if (only.contains("assistant")) {
            assistant();
        }
        if (only.contains("revocation")) {
            revocation();
        }
        if (only.contains("requests")) {
            privacyRequests();
        }
        if (only.contains("sweep")) {
            sweep();
        }
        if (only.contains("memory")) {
            memory();
        }
        if (only.contains("sockets")) {
            sockets();
        }
        if (only.contains("startup")) {
            startup();
        }
    }

    // --- consent decisions -----------------------------------------------------------------------------------

    private void decisions() throws Exception {
        List<Visitor> visitors = visitors(settings.visitors());
        IntFunction<Call> trivialRequests = i -> request(visitors.get(i % visitors.size()), true, i);
        IntFunction<Call> decisionRequests = i -> request(visitors.get(i % visitors.size()), false, i);
        warmUp("consent decision", decisionRequests, 200);
        warmUp("consent decision", trivialRequests, 200);

        Closed baseline = closed(trivialRequests, 200, Integer.MAX_VALUE, settings.seconds());
        Closed decided = closed(decisionRequests, 200, Integer.MAX_VALUE, settings.seconds());
        double trivialRate = baseline.rate();
        double decisionRate = decided.rate();
        figures.add(new Figure("consent decision", "throughput, closed model (" + settings.connections()
                + " connections, " + generator(Integer.MAX_VALUE) + ")", decisionRate, "req/s", null, null));
        figures.add(new Figure("consent decision", "baseline: " + TRIVIAL + " throughput", trivialRate, "req/s",
                null, null));
        double ratio = decisionRate / trivialRate;
        figures.add(new Figure("consent decision", "ratio to baseline", ratio, "", "≥ 0.5", ratio >= 0.5));
        figures.add(new Figure("consent decision", "closed-model errors (both)", baseline.failures()
                + decided.failures(), "", "0", baseline.failures() + decided.failures() == 0));

        for (boolean trivial : new boolean[] {true, false}) {
            long[] latencies = new long[settings.rate() * settings.seconds()];
            int errors = openWarm(trivial ? trivialRequests : decisionRequests, 200, settings.rate(),
                    settings.seconds(), latencies);
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

    private Call request(Visitor visitor, boolean trivial, int i) {
        String purpose = i % 4 == 0 ? "questions.answer" : "analytics.usage";
        URI uri = consent.resolve(trivial ? TRIVIAL
                : "/api/decisions?subject=" + visitor.subject() + "&purpose=" + purpose);
        return new Call("GET", uri, visitor.token(), null);
    }

    /** The JDK client's request for call number {@code i} of run number {@code run}. */
    private static HttpRequest request(Call call, int i, int run) {
        Call numbered = numbered(call, i, run);
        return json(numbered.uri(), numbered.token(), numbered.method(), numbered.body());
    }

    /** Call number {@code i} of run number {@code run}: "{n}" and "{r}" in its body replaced by them. */
    private static Call numbered(Call call, int i, int run) {
        Call inRun = numbered(call, run);
        return inRun.body() == null || !inRun.body().contains("{n}") ? inRun : new Call(inRun.method(), inRun.uri(),
                inRun.token(), inRun.body().replace("{n}", Integer.toString(i)));
    }

    /** The call with "{r}" in its body replaced by the number of the load run that sends it. */
    private static Call numbered(Call call, int run) {
        return call.body() == null || !call.body().contains("{r}") ? call
                : new Call(call.method(), call.uri(), call.token(), call.body().replace("{r}", Integer.toString(run)));
    }

    /**
     * Sends {@code rate} requests a second for {@code seconds}, each when it is due whatever the answers before it;
     * records each latency from its due time (ns) when given an array. Returns the number of failures (answers other
     * than {@code expected}). The requests go out over at most {@link #SENDERS} connections ({@link OpenLoad}): a
     * request that waits for a free connection has that wait in its latency, as it would wait in a queue.
     */
    private int open(IntFunction<Call> requests, int expected, int rate, int seconds, long[] latencies)
            throws Exception {
        return open(requests, expected, rate, seconds, latencies, System.nanoTime() + 10_000_000);
    }

    /**
     * As {@link #open(IntFunction, int, int, int, long[])}, after the same load for
     * {@link Settings#openWarmUpSeconds()} unrecorded (its requests numbered after the measured ones, so none repeats
     * a measured one): the generator's own code compiled and its connections open before anything is counted. A cold
     * generator queued requests for seconds and its collector paused for tens of milliseconds while it caught up
     * (docs/benchmarks.md). Warm-up failures count with the others.
     */
    private int openWarm(IntFunction<Call> requests, int expected, int rate, int seconds, long[] latencies)
            throws Exception {
        int total = rate * seconds;
        int warm = settings.openWarmUpSeconds() == 0 ? 0
                : open(i -> requests.apply(total + i), expected, rate, settings.openWarmUpSeconds(), null);
        return warm + open(requests, expected, rate, seconds, latencies);
    }

    /**
     * As {@link #open(IntFunction, int, int, int, long[])}, with request {@code i} due at {@code start} + i / rate
     * ({@link System#nanoTime()}).
     */
    private int open(IntFunction<Call> requests, int expected, int rate, int seconds, long[] latencies, long start)
            throws Exception {
        int run = runs.incrementAndGet();
        return openLoad.run(i -> numbered(requests.apply(i), i, run), expected, rate, seconds, latencies, start);
    }

    /** The status of a request, or -1 when it got no answer. */
    private int status(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What a closed model measured: answers as expected a second, and the other answers. */
    private record Closed(double rate, long failures) {
    }

    /**
     * Requests answered as {@code expected} per second by {@link Settings#connections()} clients that each send the
     * next on an answer, for {@code seconds} or until {@code limit} requests were sent: with {@code wrk} when it is
     * installed and no limit is set, else with the JDK's client.
     */
    private Closed closed(IntFunction<Call> requests, int expected, int limit, int seconds)
            throws InterruptedException, IOException {
        int run = runs.incrementAndGet();
        if (limit == Integer.MAX_VALUE && wrk.isPresent()) {
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < WRK_CALLS; i++) {
                calls.add(numbered(requests.apply(i), run));
            }
            Wrk.Result result = wrk.get().run(calls, expected, settings.connections(), seconds);
            return new Closed(result.rate(), result.failures());
        }
        return closedLoop(limit, seconds, () -> i -> status(request(requests.apply(i), i, run)) == expected);
    }

    /** The closed model's generator, as the table names it. */
    private String generator(int limit) {
        return limit == Integer.MAX_VALUE && wrk.isPresent() ? "wrk" : "JDK client";
    }

    /**
     * Runs the path until the JIT has settled, before anything is measured: closed-model rounds of
     * {@link #WARM_UP_ROUND_SECONDS} for at least {@link #WARM_UP_MIN_SECONDS} and until two in a row agree within
     * 5 %, for at most {@link Settings#warmUpSeconds()}. A service on two cores shared with the rest of the suite kept
     * compiling for minutes, its throughput rising fivefold meanwhile, and plateaus on the way (docs/benchmarks.md).
     * How many rounds it took is reported.
     */
    private void warmUp(String scenario, IntFunction<Call> requests, int expected)
            throws InterruptedException, IOException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(settings.warmUpSeconds());
        long least = start + TimeUnit.SECONDS.toNanos(Math.min(WARM_UP_MIN_SECONDS, settings.warmUpSeconds()));
        int round = Math.min(WARM_UP_ROUND_SECONDS, settings.warmUpSeconds());
        List<Double> rates = new ArrayList<>();
        while (System.nanoTime() < end) {
            rates.add(closed(requests, expected, Integer.MAX_VALUE, round).rate());
            int n = rates.size();
            if (System.nanoTime() >= least && n >= 2
                    && Math.abs(rates.get(n - 1) - rates.get(n - 2)) <= 0.05 * rates.get(n - 2)) {
                break;
            }
        }
        figures.add(new Figure(scenario, "warm-up rounds of " + round + " s (two last within 5 %)",
                rates.size(), "", null, null));
    }

    /** One closed-loop client: what it holds (a connection), and one request at a time. */
    private interface Client extends AutoCloseable {

        /** Sends request {@code i} and waits for it: whether it succeeded. */
        boolean send(int i) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /**
     * Successes per second of {@link Settings#connections()} clients, each sending its next request when the last
     * is done, for {@code seconds} or until {@code limit} requests were sent. A client that cannot be
     * made, or a request that throws, counts as a failure.
     */
    private Closed closedLoop(int limit, int seconds, Callable<Client> clients) throws InterruptedException {
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(settings.connections());
        for (int c = 0; c < settings.connections(); c++) {
            pool.execute(() -> {
                try (Client client = clients.call()) {
                    for (int i = next.getAndIncrement(); i < limit && System.nanoTime() < end
                            && !Thread.currentThread().isInterrupted(); i = next.getAndIncrement()) {
                        boolean ok;
                        try {
                            ok = client.send(i);
                        } catch (Exception e) {
                            ok = false;
                        }
                        (ok ? succeeded : failed).incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        return new Closed(succeeded.get() / ((System.nanoTime() - start) / 1e9), failed.get());
    }

    // --- chat messages ------------------------------------------------------------------------------------------

    /**
     * Messages posted by visitors into conversations handed to a person (so the assistant does not answer and only
     * the write is measured): accepted, encrypted under the visitor's key, stored, announced to live connections.
     * Closed model for the throughput, open model at {@link Settings#chatRate()} for the latency; baseline: the same
     * rows (a copy of each stored message, ciphertext included, and its conversation's activity time) written with
     * plain JDBC in the same run, one transaction each, over as many connections.
     */
    /** Visitors writing into conversations they handed to a person: message {@code i} is the visitor i's turn. */
    private record ChatLoad(List<Visitor> visitors, IntFunction<Call> messages) {
    }

    /** The chat scenario's visitors and their messages, made the first time a scenario needs them. */
    private ChatLoad chatLoad() throws IOException, InterruptedException {
        if (chatLoad == null) {
            List<Visitor> visitors = visitors(settings.visitors());
            List<URI> conversations = new ArrayList<>();
            for (Visitor visitor : visitors) {
                conversations.add(URI.create(handedOff(visitor) + "/messages"));
            }
            chatLoad = new ChatLoad(visitors, i -> new Call("POST", conversations.get(i % conversations.size()),
                    visitors.get(i % visitors.size()).token(),
                    "{\"text\":\"Benchmark message {n}: where is my parcel?\"}"));
        }
        return chatLoad;
    }

    private void chatMessages() throws Exception {
        List<Visitor> visitors = chatLoad().visitors();
        IntFunction<Call> messages = chatLoad().messages();
        if (settings.chatMessages() == Integer.MAX_VALUE) { // the smoke mode stays within the real rate limits
            warmUp("chat message", messages, 201);
        }
        Closed posted = closed(messages, 201, settings.chatMessages(), settings.seconds());
        Closed raw = copiesWithJdbc(visitors, settings.chatMessages());
        if (raw.failures() > 0) {
            throw new IOException("the raw JDBC baseline failed on " + raw.failures() + " connections");
        }
        double ratio = posted.rate() / raw.rate();
        figures.add(new Figure("chat message", "throughput, closed model (" + settings.connections()
                + " connections, " + generator(settings.chatMessages()) + ")", posted.rate(), "msg/s", "≥ 1,000 msg/s",
                posted.rate() >= 1_000));
        figures.add(new Figure("chat message", "baseline: the same rows with raw JDBC", raw.rate(), "msg/s",
                null, null));
        figures.add(new Figure("chat message", "ratio to baseline", ratio, "", "≥ 0.5", ratio >= 0.5));

        long[] latencies = new long[settings.chatRate() * settings.seconds()];
        int errors = openWarm(messages, 201, settings.chatRate(), settings.seconds(), latencies);
        Arrays.sort(latencies);
        double p99 = quantile(latencies, 0.99);
        figures.add(new Figure("chat message", "p50 at " + settings.chatRate() + "/s, open model",
                quantile(latencies, 0.50), "ms", null, null));
        figures.add(new Figure("chat message", "p99 at " + settings.chatRate() + "/s, open model", p99, "ms",
                "≤ 50 ms at 1,000/s", p99 <= 50 && settings.chatRate() >= 1_000));
        figures.add(new Figure("chat message", "errors (closed and open model)", errors + posted.failures(), "",
                "0", errors + posted.failures() == 0));
    }

    /** A new conversation of the visitor's, handed to a person (so the assistant does not answer): its URI. */
    private URI handedOff(Visitor visitor) throws IOException, InterruptedException {
        URI conversation = opened(visitor);
        int handedOff = status(URI.create(conversation + "/handoff"), visitor.token(), "POST", null);
        if (handedOff / 100 != 2) {
            throw new IOException("the conversation was not handed to a person: " + handedOff);
        }
        return conversation;
    }

    /**
     * Writes copies of the visitors' stored messages (new ids, the same conversation, author and ciphertext) and
     * touches each one's conversation, one transaction per message over {@link Settings#connections()} connections,
     * for {@link Settings#seconds()} or {@code limit} messages; then deletes the copies.
     */
    private Closed copiesWithJdbc(List<Visitor> visitors, int limit) throws Exception {
        record Row(UUID conversation, UUID subject, String author, byte[] body) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection connection = chatDatabase();
             PreparedStatement query = connection.prepareStatement("SELECT conversation_id, subject_id, author, body "
                     + "FROM message WHERE subject_id = ANY (?) ORDER BY seq DESC LIMIT 1000")) {
            query.setArray(1, connection.createArrayOf("uuid",
                    visitors.stream().map(v -> UUID.fromString(v.subject())).toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getBytes(4)));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("no stored messages to copy");
        }
        List<UUID> copies = java.util.Collections.synchronizedList(new ArrayList<>());
        Closed written = closedLoop(limit, settings.seconds(), () -> new Client() {
            private final Connection connection = chatDatabase();
            private final PreparedStatement insert = connection.prepareStatement("INSERT INTO message (id, "
                    + "conversation_id, subject_id, author, body, created_at) VALUES (?, ?, ?, ?, ?, now())");
            private final PreparedStatement touch = connection.prepareStatement(
                    "UPDATE conversation SET last_activity_at = now() WHERE id = ?");

            {
                connection.setAutoCommit(false);
            }

            @Override
            public boolean send(int i) throws SQLException {
                Row row = rows.get(i % rows.size());
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setObject(2, row.conversation());
                insert.setObject(3, row.subject());
                insert.setString(4, row.author());
                insert.setBytes(5, row.body());
                insert.executeUpdate();
                touch.setObject(1, row.conversation());
                touch.executeUpdate();
                connection.commit();
                copies.add(id);
                return true;
            }

            @Override
            public void close() throws SQLException {
                connection.close(); // and its statements
            }
        });
        try (Connection connection = chatDatabase();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM message WHERE id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("uuid", copies.toArray()));
            delete.executeUpdate();
        }
        return written;
    }

    private Connection chatDatabase() throws SQLException {
        return DriverManager.getConnection(suite.chatDatabase(), "chat", "chat");
    }

    // --- assistant answers ------------------------------------------------------------------------------------

    /**
     * Questions on the topics of the built-in help articles, asking for information rather than for an action (an
     * action is offered as well as answered, so it would cost the same; these keep the figure about retrieval).
     */
    private static final List<String> QUESTIONS = List.of(
            "How long do you keep my chats?",
            "Which cookies does the chat widget set?",
            "Can my 12 year old son use this?",
            "What happens to the files I uploaded after a month?",
            "Do you respect the Global Privacy Control setting of my browser?",
            "How do I reach your data protection officer?",
            "Is my feedback kept longer than my messages?",
            "Do I get a receipt when I change my privacy settings?");

    /**
     * Questions answered by the assistant (hybrid retrieval: the question's embedding, the ranking, the full-text
     * query), each posted into a conversation the assistant holds and answered in the same response. Every question is
     * new (its text carries its number, so no embedding is cached), except in one closed-model run that asks the same
     * few again. The baseline is retrieval alone, in chat-service's process: its own timer
     * ({@code confidant_chat_assistant_retrieval_seconds}), read from chat-service's metrics around questions asked one
     * at a time, and the rate the machine's cores could reach doing nothing but that.
     */
    private void assistant() throws Exception {
        Answers plan = settings.answers();
        List<Visitor> visitors = visitors(settings.visitors());
        List<URI> conversations = new ArrayList<>();
        for (Visitor visitor : visitors) {
            conversations.add(URI.create(opened(visitor) + "/messages"));
        }
        HttpResponse<String> sample = http.send(json(conversations.get(0), visitors.get(0).token(), "POST",
                JSON.createObjectNode().put("text", QUESTIONS.get(0)).toString()),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (sample.statusCode() != 201 || !JSON.readTree(sample.body()).path("answer").hasNonNull("text")) {
            throw new IOException("the assistant did not answer: " + sample.statusCode());
        }
        Function<Boolean, IntFunction<Call>> questions = fresh -> {
            // new to the service: the load run's number and the question's in front, a few tokens (a random tag
            // cost as many tokens as the question itself, and so twice the embedding's time)
            String prefix = fresh ? "{r}.{n} " : "";
            return i -> new Call("POST", conversations.get(i % conversations.size()),
                    visitors.get(i % visitors.size()).token(), JSON.createObjectNode()
                    .put("text", prefix + QUESTIONS.get(i % QUESTIONS.size())).toString());
        };
        if (plan.messages() == Integer.MAX_VALUE) { // the smoke mode stays within the real rate limits
            warmUp("assistant answer", questions.apply(true), 201);
        }
        Retrieval beforeClosed = retrieval();
        Closed fresh = closed(questions.apply(true), 201, plan.messages(), settings.seconds());
        Retrieval underLoad = retrieval().since(beforeClosed);
        Closed cached = closed(questions.apply(false), 201, plan.messages(), settings.seconds());

        IntFunction<Call> one = questions.apply(true);
        int aloneRun = runs.incrementAndGet();
        Retrieval beforeAlone = retrieval();
        long[] roundTrips = new long[plan.alone()];
        int errors = 0;
        for (int i = 0; i < plan.alone(); i++) {
            long started = System.nanoTime();
            errors += status(request(one.apply(i), i, aloneRun)) == 201 ? 0 : 1;
            roundTrips[i] = System.nanoTime() - started;
        }
        Retrieval alone = retrieval().since(beforeAlone);
        Arrays.sort(roundTrips);
        int cores = Runtime.getRuntime().availableProcessors();
        double bound = alone.meanMillis() > 0 ? cores * 1000 / alone.meanMillis() : 0;

        figures.add(new Figure("assistant answer", "throughput, new questions, closed model (" + settings.connections()
                + " connections, " + generator(plan.messages()) + ")", fresh.rate(), "answers/s",
                "≥ 300 answers/s", fresh.rate() >= 300));
        figures.add(new Figure("assistant answer", "throughput, the same " + QUESTIONS.size()
                + " questions over and over (their embeddings cached)", cached.rate(), "answers/s", null, null));
        figures.add(new Figure("assistant answer", "baseline: retrieval alone in-process, mean (" + alone.count()
                + " questions one at a time)", alone.meanMillis(), "ms", null, null));
        figures.add(new Figure("assistant answer", "baseline: retrieval alone in-process, p99 (histogram bucket)",
                alone.quantileMillis(0.99), "ms", null, null));
        figures.add(new Figure("assistant answer", "baseline: retrieval alone's bound on " + cores + " cores ("
                + cores + " ÷ mean)", bound, "answers/s", null, null));
        figures.add(new Figure("assistant answer", "ratio to baseline", bound > 0 ? fresh.rate() / bound : 0, "",
                null, null));
        figures.add(new Figure("assistant answer", "retrieval in-process during the closed model, mean",
                underLoad.meanMillis(), "ms", null, null));
        figures.add(new Figure("assistant answer", "one at a time: round trip p50 (question stored, answered, stored)",
                quantile(roundTrips, 0.50), "ms", null, null));

        // at the target's rate when the closed model reached it; else at half the rate it reached (at 80 % the JDK
        // client's own CPU on the same two cores made the service queue, and the latency told only that)
        int rate = fresh.rate() >= plan.rate() ? plan.rate() : Math.max(1, (int) (0.5 * fresh.rate()));
        long[] latencies = new long[rate * settings.seconds()];
        errors += openWarm(questions.apply(true), 201, rate, settings.seconds(), latencies);
        Arrays.sort(latencies);
        double p99 = quantile(latencies, 0.99);
        figures.add(new Figure("assistant answer", "p50 at " + rate + "/s, open model", quantile(latencies, 0.50),
                "ms", null, null));
        figures.add(new Figure("assistant answer", "p99 at " + rate + "/s, open model", p99, "ms",
                "≤ 100 ms at 300/s", p99 <= 100 && rate >= 300));
        long failures = errors + fresh.failures() + cached.failures();
        figures.add(new Figure("assistant answer", "errors (closed, one at a time and open model)", failures, "", "0",
                failures == 0));
    }

    /** A new conversation of the visitor's, held by the assistant: its URI. */
    private URI opened(Visitor visitor) throws IOException, InterruptedException {
        HttpResponse<String> opened = http.send(json(suite.chat().resolve("/api/conversations"), visitor.token(),
                "POST", "{}"), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return suite.chat().resolve(opened.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("no conversation was opened: " + opened.statusCode())));
    }

    /**
     * chat-service's retrieval timer as its metrics show it: questions searched, their seconds in all, and the
     * cumulative count at each histogram bucket's upper bound (seconds).
     */
    private record Retrieval(long count, double seconds, NavigableMap<Double, Double> buckets) {

        Retrieval since(Retrieval before) {
            NavigableMap<Double, Double> delta = new TreeMap<>();
            buckets.forEach((le, n) -> delta.put(le, n - before.buckets().getOrDefault(le, 0.0)));
            return new Retrieval(count - before.count(), seconds - before.seconds(), delta);
        }

        double meanMillis() {
            return count == 0 ? 0 : seconds * 1000 / count;
        }

        /** The upper bound of the bucket that holds quantile {@code q}: at most one bucket's width above it. */
        double quantileMillis(double q) {
            for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
                if (count > 0 && bucket.getValue() >= q * count) {
                    return bucket.getKey() * 1000;
                }
            }
            return 0;
        }
    }

    private static final Pattern METRIC = Pattern.compile(
            "^confidant_chat_assistant_retrieval_seconds_(count|sum|bucket)(?:\\{[^}]*le=\"([^\"]+)\"[^}]*\\})?"
                    + "(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$");

    private Retrieval retrieval() throws IOException, InterruptedException {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(suite.chatManagement().resolve("/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (metrics.statusCode() != 200) {
            throw new IOException("chat-service's metrics answered " + metrics.statusCode());
        }
        long count = -1;
        double seconds = 0;
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (String line : metrics.body().split("\n")) {
            Matcher m = METRIC.matcher(line);
            if (!m.matches()) {
                continue;
            }
            double value = Double.parseDouble(m.group(3));
            switch (m.group(1)) {
                case "count" -> count = (long) value;
                case "sum" -> seconds = value;
                default -> buckets.put(m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY
                        : Double.parseDouble(m.group(2)), value);
            }
        }
        if (count < 0) {
            throw new IOException("chat-service's metrics have no confidant_chat_assistant_retrieval_seconds");
        }
        return new Retrieval(count, seconds, buckets);
    }

    // --- revocation ------------------------------------------------------------------------------------------

    /**
     * People register, confirm their address from the mail, sign in, and are served by every service; then each logs
     * out everywhere, and every service is asked again every few milliseconds until it refuses the token: the time
     * from the logout's answer to the last service's refusal.
     */
    private void revocation() throws Exception {
        List<URI> everywhere = List.of(account.resolve("/api/accounts/me"), consent.resolve("/api/consents/me"),
                suite.chat().resolve("/api/conversations"), suite.retention().resolve("/api/data-map/me"));
        long[] delays = new long[settings.people()];
        int late = 0;
        for (int i = 0; i < settings.people(); i++) {
            String token = signedIn();
            for (URI uri : everywhere) {
                int status = status(uri, token, "GET", null);
                if (status != 200) {
                    throw new IOException(uri.getPath() + " refused a fresh token: " + status);
                }
            }
            int loggedOut = status(account.resolve("/api/auth/logout"), token, "POST", "{\"everywhere\":true}");
            if (loggedOut != 204) {
                throw new IOException("the logout was refused: " + loggedOut);
            }
            long start = System.nanoTime();
            List<URI> waiting = new ArrayList<>(everywhere);
            while (!waiting.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                waiting.removeIf(uri -> status(uri, token, "GET", null) == 401);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            delays[i] = System.nanoTime() - start;
            late += waiting.isEmpty() ? 0 : 1;
        }
        Arrays.sort(delays);
        double p99 = quantile(delays, 0.99);
        figures.add(new Figure("revocation", "logout → refused by every service, p50 ("
                + settings.people() + " accounts)", quantile(delays, 0.50), "ms", null, null));
        figures.add(new Figure("revocation", "logout → refused by every service, p99", p99, "ms",
                "≤ 1,000 ms", p99 <= 1_000));
        figures.add(new Figure("revocation", "services still serving it after 10 s", late, "", "0",
                late == 0));
    }

    /** A new account, registered, confirmed from its mail and signed in: its access token. */
    private String signedIn() throws IOException, InterruptedException {
        String email = "bench-" + UUID.randomUUID() + "@example.org";
        String password = "a benchmark passphrase " + UUID.randomUUID();
        int registered = status(account.resolve("/api/accounts"), null, "POST", JSON.writeValueAsString(Map.of(
                "email", email, "password", password, "displayName", "Bench", "dateOfBirth", "1990-01-01")));
        if (registered != 202) {
            throw new IOException("the registration was refused: " + registered);
        }
        String link = suite.mailedLink().apply(email);
        if (link == null || status(URI.create(link), null, "GET", null) != 200) {
            throw new IOException("no working confirmation link was mailed");
        }
        HttpResponse<String> login = http.send(json(account.resolve("/api/auth/login"), null, "POST",
                JSON.writeValueAsString(Map.of("email", email, "password", password))),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (login.statusCode() != 200) {
            throw new IOException("the login was refused: " + login.statusCode());
        }
        return JSON.readTree(login.body()).path("accessToken").asText();
    }

    private static HttpRequest json(URI uri, String token, String method, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    /** The status of a JSON request, or -1 when it got no answer. */
    private int status(URI uri, String token, String method, String body) {
        return status(json(uri, token, method, body));
    }

    // --- privacy requests --------------------------------------------------------------------------------------

    /** A widget visitor with a conversation that holds their history. */
    private record Subject(Visitor visitor, URI conversation) {
    }

    /**
     * Visitors with a chat history ask for their data and for its erasure. First, {@link Requests#alone()} of them,
     * whose messages were all written through the API (so their copy holds readable text), ask for a copy (request →
     * bundle ready, timed here) and then for erasure, one at a time with no other load. Then {@link Requests#together()}
     * more, whose messages beyond the first were added to chat-service's database directly (the API would take too
     * long), ask for erasure all at once while the chat scenario's messages are written again at a steady rate
     * ({@link Requests#chatRate()}, open model: a load the service carries, not one that saturates it). An
     * erasure is timed from the request's receipt to its certificate by retention-service's own clock
     * ({@code receivedAt} → {@code completedAt}). Afterwards no message, upload or conversation of theirs is left.
     */
    private void privacyRequests() throws Exception {
        Requests r = settings.requests();
        List<Subject> alone = new ArrayList<>();
        for (int i = 0; i < r.alone(); i++) {
            alone.add(withHistory(i, true));
        }
        List<Subject> together = new ArrayList<>();
        for (int i = 0; i < r.together(); i++) {
            together.add(withHistory(r.alone() + i, false));
        }

        long[] copies = new long[alone.size()];
        long[] erasedAlone = new long[alone.size()];
        for (int i = 0; i < alone.size(); i++) {
            copies[i] = copyNanos(alone.get(i).visitor());
            JsonNode certificate = certificate(erasureReceipt(alone.get(i).visitor()));
            erasedAlone[i] = sinceReceived(certificate, certificate.path("completedAt").asText());
        }

        ExecutorService load = Executors.newSingleThreadExecutor();
        ExecutorService askers = Executors.newFixedThreadPool(Math.max(1, Math.min(together.size(), SENDERS)));
        long[] erasedTogether = new long[together.size()];
        Map<String, List<Long>> answers = new TreeMap<>(); // owner → nanoseconds to its answer, each erasure
        long[] chatLatencies = new long[r.chatRate() * settings.seconds()];
        int chatErrors;
        try {
            IntFunction<Call> chat = chatLoad().messages();
            Future<Integer> messages = load.submit(() -> open(chat, 201, r.chatRate(), settings.seconds(),
                    chatLatencies));
            Thread.sleep(1_000); // the chat load runs for a second before the erasures are asked for
            List<Future<String>> receipts = new ArrayList<>();
            for (Subject subject : together) { // all at once, each on a connection of its own
                receipts.add(askers.submit(() -> erasureReceipt(subject.visitor())));
            }
            // timed by retention-service's clock: following them one after the other changes nothing
            for (int i = 0; i < receipts.size(); i++) {
                JsonNode certificate = certificate(receipts.get(i).get());
                erasedTogether[i] = sinceReceived(certificate, certificate.path("completedAt").asText());
                for (JsonNode owner : certificate.path("owners")) {
                    answers.computeIfAbsent(owner.path("owner").asText(), o -> new ArrayList<>())
                            .add(sinceReceived(certificate, owner.path("acknowledgedAt").asText()));
                }
            }
            chatErrors = messages.get();
        } finally {
            askers.shutdownNow();
            load.shutdownNow();
        }

        double floor = plainDeleteMillis(together.size(), r.messages());

        long left = 0;
        try (Connection chat = chatDatabase()) {
            for (Subject subject : concat(alone, together)) {
                for (String table : List.of("message", "upload", "conversation")) {
                    try (PreparedStatement count = chat.prepareStatement("SELECT count(*) FROM " + table
                            + " WHERE subject_id = ?::uuid")) {
                        count.setString(1, subject.visitor().subject());
                        try (ResultSet rs = count.executeQuery()) {
                            rs.next();
                            left += rs.getLong(1);
                        }
                    }
                }
            }
        }
        Arrays.sort(copies);
        Arrays.sort(erasedAlone);
        Arrays.sort(erasedTogether);
        String history = r.messages() + " messages + " + r.uploads() + " uploads";
        double copyP99 = quantile(copies, 0.99);
        figures.add(new Figure("access request", "request → copy ready, p99 (" + alone.size() + " subjects of "
                + history + ", one at a time)", copyP99, "ms", "≤ 5,000 ms", copyP99 <= 5_000));
        figures.add(new Figure("erasure", "baseline: request → certificate, p99 (" + alone.size()
                + ", one at a time, no load)", quantile(erasedAlone, 0.99), "ms", null, null));
        double p50 = quantile(erasedTogether, 0.50);
        double p99 = quantile(erasedTogether, 0.99);
        figures.add(new Figure("erasure", "request → certificate, p50 (" + together.size() + " subjects of " + history
                + " at once, under chat load)", p50, "ms", null, null));
        figures.add(new Figure("erasure", "request → certificate, p99 (at once, under chat load)", p99, "ms",
                "≤ 500 ms", p99 <= 500));
        figures.add(new Figure("erasure", "floor: plain SQL DELETE of as many conversations of " + r.messages()
                + " messages, one after the other, no load", floor, "ms", null, null));
        answers.forEach((owner, delays) -> figures.add(new Figure("erasure", "at once: request → " + owner
                + "'s answer, p50", quantile(delays.stream().mapToLong(Long::longValue).sorted().toArray(), 0.5),
                "ms", null, null)));
        Arrays.sort(chatLatencies);
        figures.add(new Figure("erasure", "meanwhile: chat messages p99 at " + r.chatRate() + "/s, open model",
                quantile(chatLatencies, 0.99), "ms", null, null));
        figures.add(new Figure("erasure", "meanwhile: chat message errors", chatErrors, "", "0", chatErrors == 0));
        figures.add(new Figure("erasure", "rows of erased subjects left in chat-service", left, "", "0",
                left == 0));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A new visitor with a conversation handed to a person, {@link Requests#uploads()} uploads and
     * {@link Requests#messages()} messages: all written through the API when {@code throughApi}, else the first
     * through the API and the rest copied in chat-service's database.
     */
    private Subject withHistory(int index, boolean throughApi) throws Exception {
        Requests r = settings.requests();
        Visitor visitor = VisitorTokens.issue(http, account);
        URI conversation = handedOff(visitor);
        for (int i = 0; i < r.uploads(); i++) {
            HttpResponse<Void> uploaded = http.send(PngUpload.request(URI.create(conversation + "/attachments"),
                    visitor.token(), "scan-" + index + "-" + i + ".png"), HttpResponse.BodyHandlers.discarding());
            if (uploaded.statusCode() != 201) {
                throw new IOException("an upload was refused: " + uploaded.statusCode());
            }
        }
        int throughTheApi = throughApi ? r.messages() : 1;
        for (int i = 0; i < throughTheApi; i++) {
            int posted = status(URI.create(conversation + "/messages"), visitor.token(), "POST",
                    "{\"text\":\"Message " + i + " of my history: my order number is 113-4567\"}");
            if (posted != 201) {
                throw new IOException("a message of the history was refused: " + posted);
            }
        }
        if (!throughApi) {
            try (Connection chat = chatDatabase();
                 PreparedStatement copies = chat.prepareStatement("INSERT INTO message (id, conversation_id, "
                         + "subject_id, author, body, created_at) SELECT gen_random_uuid(), conversation_id, "
                         + "subject_id, author, body, created_at FROM (SELECT * FROM message WHERE conversation_id = "
                         + "?::uuid LIMIT 1) first, generate_series(1, ? - (SELECT count(*) FROM message WHERE "
                         + "conversation_id = ?::uuid))")) {
                String id = conversation.getPath().substring(conversation.getPath().lastIndexOf('/') + 1);
                copies.setString(1, id);
                copies.setInt(2, r.messages());
                copies.setString(3, id);
                copies.executeUpdate();
            }
        }
        return new Subject(visitor, conversation);
    }

    /**
     * The physical floor under the erasures at once: {@code subjects} conversations of {@code messages} messages each,
     * written in chat-service's database for subjects nobody knows, then deleted with plain SQL, subject after subject
     * on one connection (each in its own transaction), with no other load. Returns the milliseconds the deletes took:
     * no erasure of that much data can be faster on this machine.
     */
    private double plainDeleteMillis(int subjects, int messages) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection chat = chatDatabase();
             PreparedStatement conversation = chat.prepareStatement("INSERT INTO conversation (id, subject_id, "
                     + "status, created_at, last_activity_at) VALUES (?::uuid, ?::uuid, 'CLOSED', now(), now())");
             PreparedStatement history = chat.prepareStatement("INSERT INTO message (id, conversation_id, "
                     + "subject_id, author, body, created_at) SELECT gen_random_uuid(), ?::uuid, ?::uuid, 'SUBJECT', "
                     + "decode(repeat(md5(CAST(n AS text)), 4), 'hex'), now() FROM generate_series(1, ?) n");
             PreparedStatement deleteMessages = chat.prepareStatement("DELETE FROM message WHERE subject_id = ?::uuid");
             PreparedStatement deleteConversation = chat.prepareStatement(
                     "DELETE FROM conversation WHERE subject_id = ?::uuid")) {
            for (int i = 0; i < subjects; i++) {
                String subject = UUID.randomUUID().toString();
                String id = UUID.randomUUID().toString();
                conversation.setString(1, id);
                conversation.setString(2, subject);
                conversation.executeUpdate();
                history.setString(1, id);
                history.setString(2, subject);
                history.setInt(3, messages);
                history.executeUpdate();
                ids.add(subject);
            }
            long started = System.nanoTime();
            for (String subject : ids) {
                deleteMessages.setString(1, subject);
                deleteMessages.executeUpdate();
                deleteConversation.setString(1, subject);
                deleteConversation.executeUpdate();
            }
            return (System.nanoTime() - started) / 1e6;
        }
    }

    /** Asks for a copy of the visitor's data and waits until it is ready: the nanoseconds it took, as seen here. */
    private long copyNanos(Visitor visitor) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> asked = http.send(json(suite.retention().resolve("/api/requests/access"),
                visitor.token(), "POST", null), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (asked.statusCode() != 202) {
            throw new IOException("the access request was refused: " + asked.statusCode());
        }
        URI request = suite.retention().resolve("/api/requests/" + JSON.readTree(asked.body()).path("id").asText());
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
            HttpResponse<String> followed = http.send(json(request, visitor.token(), "GET", null),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (followed.statusCode() == 200 && "ready".equals(JSON.readTree(followed.body()).path("status").asText())) {
                return System.nanoTime() - started;
            }
            Thread.sleep(20);
        }
        throw new IOException("the copy was not ready within 60 s");
    }

    /** Asks for the visitor's erasure: the receipt that follows it. */
    private String erasureReceipt(Visitor visitor) throws Exception {
        HttpResponse<String> asked = http.send(json(suite.retention().resolve("/api/requests/erasure"),
                visitor.token(), "POST", null), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (asked.statusCode() != 202) {
            throw new IOException("the erasure request was refused: " + asked.statusCode());
        }
        return JSON.readTree(asked.body()).path("receipt").asText();
    }

    /** Follows an erasure by its receipt until it has a certificate, and returns the certificate. */
    private JsonNode certificate(String receipt) throws Exception {
        long started = System.nanoTime();
        URI follow = suite.retention().resolve("/api/receipts/" + receipt);
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
            HttpResponse<String> followed = http.send(json(follow, null, "GET", null),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = JSON.readTree(followed.body());
            if (followed.statusCode() == 200 && body.hasNonNull("certificate")) {
                return body.path("certificate").path("certificate");
            }
            Thread.sleep(20);
        }
        throw new IOException("no certificate within 60 s");
    }

    /** Nanoseconds from the certificate's {@code receivedAt} to {@code at} (retention-service's clock). */
    private static long sinceReceived(JsonNode certificate, String at) {
        return Duration.between(Instant.parse(certificate.path("receivedAt").asText()), Instant.parse(at)).toNanos();
    }

    // --- retention sweep ---------------------------------------------------------------------------------------

    /** How often the sweep's progress is asked for while it runs. */
    private static final int SWEEP_POLL_MILLIS = 250;

    /**
     * The retention sweep of {@link Sweep#messages()} expired messages against a plain {@code DELETE} of the same rows
     * in the same run, each while chat messages are being written, and chat latency meanwhile against chat latency
     * with neither. The rows are seeded straight into chat-service's database, 400 days old (past the 180 days of
     * {@code chat.message}, and older than anything else stored): conversations of {@link Sweep#perConversation()}
     * messages, then analysed. The plain {@code DELETE} removes the messages and their conversations in one
     * transaction, timed to its commit. The sweep is started as a DPO would start it ({@code POST /api/sweeps}) and is
     * timed by retention-service's own clock from its start to chat-service's answer to the {@code chat.message}
     * command. The chat latency counted "during" either is that of the messages due from its start until its end was
     * seen here (for the sweep: until it completed, every owner's command answered; all of the run's when it was
     * quicker than one message's interval).
     */
    private void sweep() throws Exception {
        Sweep plan = settings.sweep();
        String dpo = suite.dpoToken().call();
        IntFunction<Call> messages = chatLoad().messages();

        long[] quiet = new long[plan.chatRate() * settings.seconds()];
        int errors = openWarm(messages, 201, plan.chatRate(), settings.seconds(), quiet);
        Arrays.sort(quiet);

        Instant seededAt = seed(plan);
        double[] rawSeconds = new double[1];
        Meanwhile raw = duringChat(plan, messages, () -> rawSeconds[0] = plainDelete(seededAt));
        vacuum();

        Instant seededAgain = seed(plan);
        JsonNode[] answer = new JsonNode[2];
        Meanwhile swept = duringChat(plan, messages, () -> {
            HttpResponse<String> started = http.send(json(suite.retention().resolve("/api/sweeps"), dpo, "POST",
                    null), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (started.statusCode() != 202) {
                throw new IOException("the sweep was not started: " + started.statusCode());
            }
            URI progress = suite.retention().resolve("/api/sweeps/"
                    + JSON.readTree(started.body()).path("id").asText());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            // until the whole sweep is done, so the window holds every owner's work, not only chat-service's
            while (answer[1] == null || !answer[1].hasNonNull("acknowledgedAt")
                    || !answer[0].hasNonNull("completedAt")) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the sweep did not complete within 10 minutes: " + answer[0]);
                }
                // the sweep is timed by retention-service's clock, so asking seldom costs no precision: only the end
                // of the chat latency's window moves; asked every 50 ms, the asking took CPU from what is measured
                Thread.sleep(SWEEP_POLL_MILLIS);
                answer[0] = JSON.readTree(http.send(json(progress, dpo, "GET", null),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
                answer[1] = chatMessages(answer[0]);
            }
            return null;
        });
        double sweepSeconds = Duration.between(Instant.parse(answer[0].path("startedAt").asText()),
                Instant.parse(answer[1].path("acknowledgedAt").asText())).toNanos() / 1e9;
        long expired = answer[1].path("expired").asLong();
        long left = seededLeft(seededAgain);
        vacuum();
        errors += raw.errors() + swept.errors();

        double quietP99 = quantile(quiet, 0.99);
        double rawP99 = quantile(raw.latencies(), 0.99);
        double sweptP99 = quantile(swept.latencies(), 0.99);
        double throughput = rawSeconds[0] / sweepSeconds;
        double slowdown = sweptP99 / quietP99;
        String rows = String.format("%,d", plan.messages());
        figures.add(new Figure("retention sweep", "baseline: plain DELETE of " + rows + " expired messages and their "
                + "conversations, one transaction", rawSeconds[0], "s", null, null));
        figures.add(new Figure("retention sweep", "sweep: start → chat-service's answer (retention-service's clock)",
                sweepSeconds, "s", null, null));
        figures.add(new Figure("retention sweep", "sweep ÷ plain DELETE throughput", throughput, "", "≥ 0.95",
                throughput >= 0.95));
        figures.add(new Figure("retention sweep", "rows chat-service reported expired (messages and conversations)",
                expired, "", "≥ " + rows, expired >= plan.messages()));
        figures.add(new Figure("retention sweep", "seeded messages left after the sweep", left, "", "0", left == 0));
        figures.add(new Figure("retention sweep", "baseline: chat messages p99 at " + plan.chatRate()
                + "/s, neither", quietP99, "ms", null, null));
        figures.add(new Figure("retention sweep", "chat messages p99 at " + plan.chatRate() + "/s during the plain "
                + "DELETE (" + raw.latencies().length + " messages)", rawP99, "ms", null, null));
        figures.add(new Figure("retention sweep", "chat messages p99 at " + plan.chatRate() + "/s during the sweep ("
                + swept.latencies().length + " messages)", sweptP99, "ms", null, null));
        figures.add(new Figure("retention sweep", "chat p99 during the sweep ÷ neither", slowdown, "", "≤ 2",
                slowdown <= 2));
        figures.add(new Figure("retention sweep", "chat message errors (all three)", errors, "", "0", errors == 0));
    }

    /** The latencies (sorted) of chat messages due while some work ran, and the errors of the whole chat run. */
    private record Meanwhile(long[] latencies, int errors) {
    }

    /**
     * Writes chat messages at {@link Sweep#chatRate()} a second (open model) for {@link Sweep#loadSeconds()}, and
     * runs {@code work} once the load is steady (after 2 s, less in the smoke mode): the latencies of the messages due
     * from the work's start until it returned, and the load's errors. The load runs to its end.
     */
    private Meanwhile duringChat(Sweep plan, IntFunction<Call> messages, Callable<?> work) throws Exception {
        long[] latencies = new long[plan.chatRate() * plan.loadSeconds()];
        long loadStart = System.nanoTime() + 10_000_000;
        ExecutorService load = Executors.newSingleThreadExecutor();
        Future<Integer> loaded = load.submit(() -> open(messages, 201, plan.chatRate(), plan.loadSeconds(),
                latencies, loadStart));
        load.shutdown();
        Thread.sleep(Math.min(2_000, plan.loadSeconds() * 250L));
        long started = System.nanoTime();
        work.call();
        long ended = System.nanoTime();
        int errors = loaded.get();
        double interval = 1e9 / plan.chatRate();
        int from = (int) Math.max(0, Math.ceil((started - loadStart) / interval));
        int to = (int) Math.min(latencies.length, Math.floor((ended - loadStart) / interval) + 1);
        long[] meanwhile = from < to ? Arrays.copyOfRange(latencies, from, to) : latencies.clone();
        Arrays.sort(meanwhile);
        return new Meanwhile(meanwhile, errors);
    }

    /** The sweep's command of category {@code chat.message} to chat-service, or null while it has none. */
    private static JsonNode chatMessages(JsonNode sweep) {
        for (JsonNode command : sweep.path("commands")) {
            if (command.path("category").asText().equals("chat.message")
                    && command.path("owner").asText().equals("chat-service")) {
                return command;
            }
        }
        return null;
    }

    /** Seeds the scenario's expired conversations and messages, analysed; returns when they were last active. */
    private Instant seed(Sweep plan) throws SQLException {
        // one statement: the conversations (over 1,000 unknown subjects), and each one's messages, a second apart
        try (Connection db = chatDatabase(); Statement sql = db.createStatement();
             PreparedStatement seed = db.prepareStatement("WITH seeded AS (INSERT INTO conversation (id, subject_id, "
                     + "status, created_at, last_activity_at) SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || "
                     + "lpad(to_hex(n % 1000), 12, '0'))::uuid, 'CLOSED', ?, ? FROM generate_series(1, ?) n "
                     + "RETURNING id, subject_id, created_at) "
                     + "INSERT INTO message (id, conversation_id, subject_id, author, body, created_at) "
                     + "SELECT gen_random_uuid(), s.id, s.subject_id, CASE WHEN k % 2 = 0 THEN 'USER' ELSE 'ASSISTANT' "
                     + "END, convert_to(repeat(md5(k::text || s.id::text), 4), 'UTF8'), s.created_at + k * interval "
                     + "'1 second' FROM seeded s CROSS JOIN generate_series(1, ?) k")) {
            Instant seededAt = Instant.now().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.MILLIS);
            Timestamp at = Timestamp.from(seededAt);
            seed.setTimestamp(1, at);
            seed.setTimestamp(2, at);
            seed.setInt(3, plan.messages() / plan.perConversation());
            seed.setInt(4, plan.perConversation());
            seed.executeUpdate();
            sql.execute("ANALYZE conversation");
            sql.execute("ANALYZE message");
            return seededAt;
        }
    }

    /** The seeded rows removed by hand, in one transaction: the seconds to its commit. */
    private double plainDelete(Instant seededAt) throws SQLException {
        Timestamp after = Timestamp.from(seededAt.plus(Duration.ofDays(1)));
        try (Connection db = chatDatabase();
             PreparedStatement messages = db.prepareStatement("DELETE FROM message WHERE created_at < ?");
             PreparedStatement conversations = db.prepareStatement("DELETE FROM conversation "
                     + "WHERE last_activity_at < ?")) {
            db.setAutoCommit(false);
            long started = System.nanoTime();
            messages.setTimestamp(1, after);
            messages.executeUpdate();
            conversations.setTimestamp(1, after);
            conversations.executeUpdate();
            db.commit();
            return (System.nanoTime() - started) / 1e9;
        }
    }

    /** Messages as old as the seeded ones still stored. */
    private long seededLeft(Instant seededAt) throws SQLException {
        try (Connection db = chatDatabase();
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM message WHERE created_at < ?")) {
            query.setTimestamp(1, Timestamp.from(seededAt.plus(Duration.ofDays(1))));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Dead rows vacuumed, so the next turn does not pay for the last one. */
    private void vacuum() throws SQLException {
        try (Connection db = chatDatabase(); Statement sql = db.createStatement()) {
            sql.execute("VACUUM ANALYZE message");
            sql.execute("VACUUM ANALYZE conversation");
        }
    }

    // --- memory ------------------------------------------------------------------------------------------------

    /**
     * The resident memory of each service on this machine (Linux; the largest of its replicas), found by its packaged
     * jar's path.
     */
    private void memory() {
        for (String service : SERVICES) {
            double mb = 0;
            for (StartupBenchmark.Running process : StartupBenchmark.processes(service)) {
                try {
                    mb = Math.max(mb, StartupBenchmark.residentMb(process.pid()));
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
            if (mb > 0) {
                double target = service.equals("chat-service") ? 600 : 250;
                figures.add(new Figure("resident memory", service + " after the scenarios above", mb, "MB",
                        "≤ " + (int) target + " MB", mb <= target));
            }
        }
    }

    // --- open widget connections --------------------------------------------------------------------------------

    /**
     * Opens {@link Sockets#connections()} widget connections on chat-service (at most 200 handshakes at a time) and
     * holds them; reads chat-service's heap after a full collection and its resident memory; then posts
     * one message into every followed conversation at the same moment and times, from then, its arrival at every
     * connection: the broadcast.
     */
    private void sockets() throws Exception {
        Sockets plan = settings.sockets();
        int conversations = (plan.connections() + plan.perConversation() - 1) / plan.perConversation();
        List<Visitor> visitors = visitors(conversations);
        List<URI> followed = new ArrayList<>();
        for (Visitor visitor : visitors) {
            followed.add(handedOff(visitor)); // only the visitors' own messages, no assistant answering
        }
        long pid = StartupBenchmark.running("chat-service", suite.chat().getPort()).orElseThrow(() ->
                new IllegalStateException("no chat-service listening on port " + suite.chat().getPort()
                        + " runs on this machine")).pid();
        String marker = "Broadcast " + UUID.randomUUID();
        try (SocketBenchmark sockets = new SocketBenchmark()) {
            long started = System.nanoTime();
            Semaphore opening = SocketBenchmark.openingLimit();
            for (int i = 0; i < plan.connections(); i++) {
                int c = i / plan.perConversation();
                URI http = followed.get(c);
                URI socket = URI.create("ws://" + http.getAuthority() + "/ws/conversations/"
                        + http.getPath().substring(http.getPath().lastIndexOf('/') + 1));
                sockets.open(socket, visitors.get(c).token(), marker, opening);
            }
            int ready = sockets.awaitReady(Duration.ofSeconds(300));
            double openSeconds = (System.nanoTime() - started) / 1e9;
            figures.add(new Figure("widget connections", "open and ready on one chat-service", ready, "",
                    "≥ 15,000", ready >= 15_000));
            figures.add(new Figure("widget connections", "time to open them (200 handshakes at a time)",
                    openSeconds, "s", null, null));
            double heap = SocketBenchmark.heapAfterFullCollectionMb(pid);
            figures.add(new Figure("widget connections", "chat-service heap in use after a full collection", heap,
                    "MB", "≤ 512 MB", heap <= 512));
            figures.add(new Figure("widget connections", "chat-service resident memory",
                    StartupBenchmark.residentMb(pid), "MB", null, null));

            ExecutorService posters = Executors.newFixedThreadPool(Math.min(64, conversations));
            try {
                long sent = System.nanoTime();
                List<Future<Integer>> posted = new ArrayList<>();
                AtomicLong lastAnswer = new AtomicLong(sent);
                for (int c = 0; c < conversations; c++) {
                    URI messages = URI.create(followed.get(c) + "/messages");
                    String token = visitors.get(c).token();
                    posted.add(posters.submit(() -> {
                        int status = status(messages, token, "POST", JSON.writeValueAsString(Map.of("text", marker)));
                        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                        return status;
                    }));
                }
                int refused = 0;
                for (Future<Integer> post : posted) {
                    refused += post.get() == 201 ? 0 : 1;
                }
                int delivered = sockets.awaitMarked(Duration.ofSeconds(60));
                long[] delays = sockets.followers().stream().filter(f -> f.marked.isDone()
                        && !f.marked.isCompletedExceptionally()).mapToLong(f -> f.marked.join() - sent).sorted()
                        .toArray();
                double last = delays.length == 0 ? 0 : delays[delays.length - 1] / 1e6;
                figures.add(new Figure("widget connections", "broadcast: a message posted into each of "
                        + conversations + " conversations at once, p50 to arrive", quantile(delays, 0.5), "ms",
                        null, null));
                figures.add(new Figure("widget connections", "broadcast: until the last post was answered (201)",
                        (lastAnswer.get() - sent) / 1e6, "ms", null, null));
                figures.add(new Figure("widget connections", "broadcast: until the last connection had it", last,
                        "ms", "≤ 2,000 ms", last <= 2_000 && delivered == ready && ready > 0));
                figures.add(new Figure("widget connections", "broadcast: ready connections that did not get it",
                        ready - delivered, "", "0", ready == delivered));
                figures.add(new Figure("widget connections", "broadcast: posts refused", refused, "", "0",
                        refused == 0));
            } finally {
                posters.shutdownNow();
            }
        }
    }

    // --- start-up and idle memory -----------------------------------------------------------------------------

    /**
     * Each service launched once more beside the running suite, against an empty Quarkus application with the same
     * extensions launched the same way ({@link StartupBenchmark}), alternately, so both see the same machine.
     */
    private void startup() throws Exception {
        Startup plan = settings.startup();
        StartupBenchmark bench = new StartupBenchmark(Path.of("target/bench/startup"));
        for (String service : plan.services()) {
            StartupBenchmark.Running running = StartupBenchmark.running(service).orElseThrow(() ->
                    new IllegalStateException(service + " is not running on this machine (the start-up scenario "
                            + "launches one more replica of each, as the running one was launched)"));
            Path emptyApp = running.root().resolve(StartupBenchmark.EMPTY_APP);
            if (!Files.isRegularFile(emptyApp)) {
                throw new IllegalStateException("the empty application is not built (" + emptyApp
                        + " is missing): run ./mvnw -DskipTests install");
            }
            double[] ready = new double[plan.rounds()];
            double[] emptyReady = new double[plan.rounds()];
            double rss = 0;
            double emptyRss = 0;
            for (int round = 0; round < plan.rounds(); round++) {
                Duration idle = Duration.ofSeconds(round == 0 ? plan.idleSeconds() : 0);
                StartupBenchmark.Launch empty = bench.launch(running, emptyApp, "empty-app-as-" + service, idle);
                StartupBenchmark.Launch launched = bench.launch(running, running.application(), service, idle);
                emptyReady[round] = empty.readySeconds();
                ready[round] = launched.readySeconds();
                if (round == 0) {
                    emptyRss = empty.idleRssMb();
                    rss = launched.idleRssMb();
                }
            }
            double seconds = median(ready);
            double emptySeconds = median(emptyReady);
            String of = plan.rounds() == 1 ? "" : " (median of " + plan.rounds() + ")";
            figures.add(new Figure("start-up", service + ": launch → ready" + of, seconds, "s", "≤ 3 s",
                    seconds <= 3));
            figures.add(new Figure("start-up", "baseline: empty Quarkus app, " + service + "'s environment" + of,
                    emptySeconds, "s", null, null));
            figures.add(new Figure("start-up", service + ": ratio to the empty app", seconds / emptySeconds, "",
                    null, null));
            double target = service.equals("chat-service") ? 600 : 250;
            figures.add(new Figure("idle memory", service + ": RSS " + plan.idleSeconds() + " s after ready", rss,
                    "MB", "≤ " + (int) target + " MB", rss <= target));
            figures.add(new Figure("idle memory", "baseline: empty Quarkus app, the same", emptyRss, "MB", null,
                    null));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
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
