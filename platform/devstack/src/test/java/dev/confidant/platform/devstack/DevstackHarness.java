package dev.confidant.platform.devstack;

import org.awaitility.Awaitility;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the packaged devstack as a developer does (its launcher jar, as a separate process), and what the tests of
 * the running suite share: free ports, the mailed links on its console, plain HTTP and its databases.
 */
final class DevstackHarness {

    static final Path ROOT = Path.of(System.getProperty("confidant.root", "../..")).toAbsolutePath().normalize();
    static final Path LAUNCHER = ROOT.resolve("platform/devstack/target/confidant-devstack.jar");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PASSWORD = "a long devstack passphrase";

    private final List<Process> started = new ArrayList<>();

    /**
     * Stops whatever a failed test (or a run of some tests only) left running: first as Ctrl-C would, so that the
     * devstack stops its embedded PostgreSQL, which runs detached from it (killed outright, the devstack would leave
     * it running); then forcibly, whatever did not stop.
     */
    void stopLeftovers() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                List<ProcessHandle> descendants = process.descendants().toList();
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    descendants.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Ports for PostgreSQL, Kafka (and its controller), the four services and the mail catcher, with their flags. */
    record Ports(int[] all) {
        /** Each service's management interface listens on its port plus this (the devstack's default). */
        static final int MANAGEMENT_OFFSET = 1000;

        static Ports free() throws IOException {
            while (true) {
                int[] ports = freePorts(8);
                boolean managementFree = true;
                for (int i = 3; i <= 6; i++) {
                    managementFree &= ports[i] + MANAGEMENT_OFFSET <= 65535 && isFree(ports[i] + MANAGEMENT_OFFSET);
                }
                if (managementFree) {
                    return new Ports(ports);
                }
            }
        }

        /** Whether the services' ports of replicas 2 to {@code replicas}, and every management port, are free. */
        boolean replicasFree(int replicas) {
            for (int i = 3; i <= 6; i++) {
                for (int k = 0; k < replicas; k++) {
                    int port = all[i] + k * DevstackOptions.REPLICA_PORT_STEP;
                    if (port + MANAGEMENT_OFFSET > 65535 || (k > 0 && !isFree(port)) || !isFree(port + MANAGEMENT_OFFSET)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Every port the suite listens on with {@code replicas} instances of each service. */
        int[] allWithReplicas(int replicas) {
            List<Integer> every = new ArrayList<>();
            for (int port : all) {
                every.add(port);
            }
            for (int i = 3; i <= 6; i++) {
                for (int k = 1; k < replicas; k++) {
                    every.add(all[i] + k * DevstackOptions.REPLICA_PORT_STEP);
                }
            }
            return every.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The management port of the service listening on {@code port}. */
        static int management(int port) {
            return port + MANAGEMENT_OFFSET;
        }

        int postgres() {
            return all[0];
        }

        int account() {
            return all[3];
        }

        int consent() {
            return all[4];
        }

        int chat() {
            return all[5];
        }

        int retention() {
            return all[6];
        }

        List<String> args(Path dataDir) {
            return List.of("--data-dir", dataDir.toString(), "--pg-port", "" + all[0], "--kafka-port", "" + all[1],
                    "--account-port", "" + all[3], "--consent-port", "" + all[4], "--chat-port", "" + all[5],
                    "--retention-port", "" + all[6], "--smtp-port", "" + all[7]);
        }

        String kafka() {
            return "127.0.0.1:" + all[1];
        }
    }

    Running start(List<String> args) throws Exception {
        Process process = launch(args);
        StringBuilder output = new StringBuilder();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        String line;
        while ((line = reader.readLine()) != null) {
            output.append(line).append('\n');
            if (line.contains("All four services are up")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        assertTrue(output.toString().contains("All four services are up"), output::toString);
        List<ProcessHandle> children = process.descendants().toList();
        assertTrue(children.size() >= 4, "the four services run as their own processes");
        StringBuffer live = new StringBuffer(output);
        Thread drain = new Thread(() -> {
            try {
                reader.lines().forEach(l -> live.append(l).append('\n'));
            } catch (UncheckedIOException e) {
                // the stream closes when the devstack stops
            }
        });
        drain.setDaemon(true);
        drain.start();
        return new Running(process, children, live);
    }

    Process launch(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LAUNCHER.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    record Running(Process process, List<ProcessHandle> children, StringBuffer buffer) {
        String output() {
            return buffer.toString();
        }

        /** The first link in the latest mail to {@code address} the mail catcher printed, waiting up to 30 s. */
        String mailedLink(String address) throws InterruptedException {
            return Awaitility.await("a mail with a link to " + address).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> MailCatcher.latestLinkTo(output(), address),
                            java.util.Objects::nonNull);
        }

        void stopAndAssertNothingLeft(int[] ports) throws InterruptedException {
            process.destroy(); // SIGTERM, as Ctrl-C or a process manager would
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the devstack stops on SIGTERM");
            for (ProcessHandle child : children) {
                assertTrue(child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join() != null);
                assertFalse(child.isAlive(), "process " + child.pid() + " is left behind");
            }
            for (int port : ports) {
                assertTrue(isFree(port), "port " + port + " is still in use");
            }
        }
    }

    /** A person registers through account-service and follows the link mailed to them; returns the email. */
    static String registerAndFollowTheMailedLink(Running running, int accountPort, String displayName)
            throws Exception {
        String email = "dev-" + System.nanoTime() + "@example.org";
        HttpResponse<String> registered = send("POST", "http://127.0.0.1:" + accountPort + "/api/accounts", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"" + displayName
                        + "\",\"dateOfBirth\":\"1990-01-01\"}");
        assertEquals(202, registered.statusCode(), registered.body());
        String link = running.mailedLink(email);
        assertTrue(link.contains("/api/accounts/verify-email?token="), running::output);
        assertEquals(200, get(link).statusCode(), "the link in the mail confirms the address");
        return email;
    }

    /**
     * The bootstrap admin sets its password from the mailed link and gives itself {@code roles}; returns an access
     * token that carries them.
     */
    static String bootstrapAdminWithRoles(Running suite, int accountPort, String... roles) throws Exception {
        String link = suite.mailedLink("admin@confidant.local");
        String token = link.substring(link.indexOf("token=") + "token=".length());
        HttpResponse<String> set = send("POST", "http://127.0.0.1:" + accountPort + "/api/auth/password-reset/confirm",
                null, "{\"token\":\"" + token + "\",\"newPassword\":\"" + PASSWORD + "\"}");
        assertTrue(set.statusCode() / 100 == 2, set.statusCode() + " " + set.body());
        HttpResponse<String> login = login("admin@confidant.local", PASSWORD, accountPort);
        Matcher id = Pattern.compile("\"subjectId\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        assertTrue(id.find(), login.body());
        HttpResponse<String> granted = send("PUT", "http://127.0.0.1:" + accountPort + "/api/staff/" + id.group(1)
                + "/roles", accessToken(login), "{\"roles\":[\"" + String.join("\",\"", roles)
                + "\"],\"reason\":\"the tests need these roles\"}");
        assertEquals(200, granted.statusCode(), granted.body());
        return accessToken(login("admin@confidant.local", PASSWORD, accountPort));
    }

    /** Logs in at account-service; returns the whole answer (accessToken, refreshToken, subjectId). */
    static HttpResponse<String> login(String email, String password, int accountPort) throws Exception {
        return send("POST", "http://127.0.0.1:" + accountPort + "/api/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    /** The access token of a successful login. */
    /** A claim of a token's payload, read without verifying (the services verify; tests only need the value). */
    static String claim(String token, String name) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(payload);
        assertTrue(value.find(), name + " in the token");
        return value.group(1);
    }

    static String accessToken(HttpResponse<String> login) {
        assertEquals(200, login.statusCode(), login.body());
        Matcher token = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        assertTrue(token.find(), login.body());
        return token.group(1);
    }

    /** A JSON request (a null body sends none), with a bearer token when one is given. */
    static HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart upload of a tiny PNG named {@code name}, as the widget sends one. */
    static HttpResponse<String> uploadPng(String url, String token, String name) throws Exception {
        return HTTP.send(PngUpload.request(URI.create(url), token, name), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, database, database);
    }

    static long count(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The lowest port the kernel hands out to outgoing connections (Linux's default when it cannot tell). */
    static final int EPHEMERAL_LOW = ephemeralLow();

    /** Below this, each chosen port keeps room for its replicas' ports and its management port above it. */
    private static final int HIGHEST = Math.max(EPHEMERAL_LOW - Ports.MANAGEMENT_OFFSET - 100, 20_000);

    private static int ephemeralLow() {
        try {
            // read as a stream: Files.readString trusts the size /proc reports, and gets only the first byte here
            String range = java.nio.file.Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0)
                    .trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    /**
     * Free ports; the second is Kafka's, so the third (its controller) is kept free too. They are chosen below the
     * kernel's ephemeral range: a port from that range, free when chosen, can be taken as the local end of any
     * outgoing connection (to PostgreSQL, to Kafka) while the suite restarts, and the service meant to listen on it
     * then fails with "address already in use".
     */
    static int[] freePorts(int count) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            int port;
            do {
                port = i == 2 ? ports[1] + 1 : random.nextInt(10_000, HIGHEST);
            } while (i != 2 && (!taken.add(port) || !isFree(port)));
            if (i == 2 && (!taken.add(port) || !isFree(port))) {
                return freePorts(count);
            }
            ports[i] = port;
        }
        return ports;
    }

    /**
     * The suite the browser journeys and the privacy journey share, started once per test JVM because a boot costs
     * half a minute on two cores: a {@code --fresh} start over a data directory that holds an earlier run's files
     * (so the first journey can see they are gone), with a host-site origin the widget is embedded from. The browser
     * journeys run first ({@code junit-platform.properties} orders the classes); {@link PrivacyJourneyIT} then
     * restarts the suite with its clock moved on and stops it. A JVM shutdown hook stops whatever is left. Each
     * service runs {@link #REPLICAS} instances.
     */
    static final class SharedSuite {

        private static SharedSuite instance;

        /**
         * Two instances of each service, as the production overlay runs them: the journeys alternate their requests
         * between the two, and a live conversation spans them.
         */
        static final int REPLICAS = 2;

        final DevstackHarness devstack = new DevstackHarness();
        final Path dataDir;
        final Ports ports;
        /** Where the host site the widget is embedded in listens; allowed as a widget origin. */
        final int hostPort;
        Running running;
        private String staffToken;

        private SharedSuite() throws Exception {
            dataDir = java.nio.file.Files.createTempDirectory("confidant-devstack-it");
            java.nio.file.Files.createDirectories(dataDir.resolve("left-from-before"));
            java.nio.file.Files.writeString(dataDir.resolve("left-from-before/old.txt"), "an earlier run's data");
            int[] free;
            do {
                free = freePorts(9);
            } while (!new Ports(free).replicasFree(REPLICAS));
            ports = new Ports(java.util.Arrays.copyOf(free, 8));
            hostPort = free[8];
            List<String> args = new ArrayList<>(ports.args(dataDir));
            args.addAll(List.of("--fresh", "--replicas", "" + REPLICAS, "--widget-origins", hostOrigin(), "--kb-dir",
                    helpCentre()));
            running = devstack.start(args);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    devstack.stopLeftovers();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "devstack-it-leftovers"));
        }

        static synchronized SharedSuite get() throws Exception {
            if (instance == null) {
                instance = new SharedSuite();
            }
            return instance;
        }

        String hostOrigin() {
            return "http://127.0.0.1:" + hostPort;
        }

        /** The help centre the assistant answers from: a small one of the tests' own, in English and Chinese. */
        static String helpCentre() throws java.net.URISyntaxException {
            return Path.of(SharedSuite.class.getResource("/help-centre").toURI()).toString();
        }

        /** Starts the suite again on the same data and ports, with {@code extra} options. */
        void restart(String... extra) throws Exception {
            running.stopAndAssertNothingLeft(ports.allWithReplicas(REPLICAS));
            List<String> args = new ArrayList<>(ports.args(dataDir));
            args.addAll(List.of("--replicas", "" + REPLICAS, "--widget-origins", hostOrigin(), "--kb-dir",
                    helpCentre()));
            args.addAll(List.of(extra));
            running = devstack.start(args);
        }

        /**
         * A token of the bootstrap admin as admin, agent and DPO. Its mailed link works once, so the first call sets
         * the password from it; later calls sign in.
         */
        synchronized String staffToken() throws Exception {
            if (staffToken == null) {
                staffToken = bootstrapAdminWithRoles(running, ports.account(), "admin", "agent", "dpo");
            }
            return accessToken(login("admin@confidant.local", PASSWORD, ports.account()));
        }
    }
}
