package dev.confidant.platform.devstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the packaged devstack the way a developer does (its launcher jar, as a separate process) and checks what they
 * would notice: every service healthy, data kept across a restart, gone with --fresh, nothing left running after
 * SIGTERM, and a clear message when a port is taken.
 */
class DevstackIT {

    private static final Path ROOT = Path.of(System.getProperty("confidant.root", "../..")).toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("platform/devstack/target/confidant-devstack.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void bringsTheSuiteUpKeepsDataAcrossRestartsAndLeavesNothingBehind() throws Exception {
        int[] ports = freePorts(8);
        List<String> args = List.of("--data-dir", dataDir.toString(), "--pg-port", "" + ports[0],
                "--kafka-port", "" + ports[1], "--account-port", "" + ports[3], "--consent-port", "" + ports[4],
                "--chat-port", "" + ports[5], "--retention-port", "" + ports[6], "--smtp-port", "" + ports[7]);

        Running first = start(args);
        for (int port : new int[]{ports[3], ports[4], ports[5], ports[6]}) {
            HttpResponse<String> health = get("http://127.0.0.1:" + port + "/q/health");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\": \"UP\"") || health.body().contains("\"status\":\"UP\""));
        }
        assertTrue(first.output().contains("jdbc:postgresql://127.0.0.1:" + ports[0] + "/chat"), first::output);
        assertTrue(first.output().contains("127.0.0.1:" + ports[1]), first::output);
        String email = registerAndFollowTheMailedLink(first, ports[3]);
        String token = login(email, ports[3]);
        String receiptKey = grantConsent(token, ports[4]);
        String conversation = chat(token, ports[5], "How long do you keep my chats?");
        try (Connection db = connect(ports[0]); Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE devstack_marker (kept TEXT)");
            statement.execute("INSERT INTO devstack_marker VALUES ('yes')");
        }
        first.stopAndAssertNothingLeft(ports);

        Running second = start(args);
        try (Connection db = connect(ports[0]); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT kept FROM devstack_marker")) {
            assertTrue(rs.next(), "data survives a restart");
        }
        assertTrue(get("http://127.0.0.1:" + ports[4] + "/.well-known/jwks.json").body()
                .contains("\"kid\":\"" + receiptKey + "\""), "receipts still verify after a restart");
        HttpResponse<String> kept = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[5]
                + "/api/conversations/" + conversation)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, kept.statusCode(), kept.body());
        assertTrue(kept.body().contains("How long do you keep my chats?"), "encrypted chats stay readable: " + kept.body());
        deleteTheAccountAndWaitForTheCertificate(token, ports);
        second.stopAndAssertNothingLeft(ports);

        List<String> fresh = new ArrayList<>(args);
        fresh.add("--fresh");
        Running third = start(fresh);
        try (Connection db = connect(ports[0]); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'devstack_marker'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "--fresh starts from scratch");
        }
        third.stopAndAssertNothingLeft(ports);
    }

    @Test
    void aTakenPortIsNamedWithTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            Process process = launch(List.of("--data-dir", dataDir.toString(), "--pg-port", "" + port));
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(3, process.exitValue());
            assertTrue(output.contains("Port " + port + " on 127.0.0.1 is taken, so PostgreSQL cannot start"), output);
            assertTrue(output.contains("--pg-port or CONFIDANT_PG_PORT"), output);
        }
    }

    @Test
    void helpListsTheOptionsAndStartsNothing() throws Exception {
        Process process = launch(List.of("--help"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(output.startsWith("Usage: ./devstack"), output);
        assertTrue(output.contains("--smtp-port"), output);
    }

    @Test
    void aBadOptionIsRefusedWithTheUsage() throws Exception {
        Process process = launch(List.of("--pg-port", "not-a-port"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(output.contains("--pg-port must be a port number"), output);
        assertTrue(output.contains("Usage: ./devstack"), output);
    }

    private Running start(List<String> args) throws Exception {
        Process process = launch(args);
        StringBuilder output = new StringBuilder();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
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

    private Process launch(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LAUNCHER.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    /** A person registers through account-service and finds the verification mail, with its link, on the console. */
    private static String registerAndFollowTheMailedLink(Running running, int accountPort) throws Exception {
        String email = "dev-" + System.nanoTime() + "@example.org";
        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + accountPort + "/api/accounts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":"
                        + "\"a long devstack passphrase\",\"displayName\":\"Dev\",\"dateOfBirth\":\"1990-01-01\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, registered.statusCode(), registered.body());
        Pattern mailWithLink = Pattern.compile("mail to " + Pattern.quote(email) + "[^\\n]*\\n\\s+(http\\S+)");
        String link = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (link == null && System.nanoTime() < deadline) {
            Matcher matcher = mailWithLink.matcher(running.output());
            if (matcher.find()) {
                link = matcher.group(1);
            } else {
                Thread.sleep(200);
            }
        }
        assertTrue(link != null && link.contains("/api/accounts/verify-email?token="), running::output);
        assertEquals(200, get(link).statusCode(), "the link in the mail confirms the address");
        assertTrue(running.output().contains("mail to admin@confidant.local"), "the bootstrap admin got its link");
        return email;
    }

    /** The person logs in at account-service; returns the access token. */
    private static String login(String email, int accountPort) throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + accountPort + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":"
                        + "\"a long devstack passphrase\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        Matcher token = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        assertTrue(token.find(), login.body());
        return token.group(1);
    }

    /** The person opens a conversation at chat-service with a first message; returns its id. */
    private static String chat(String token, int chatPort, String text) throws Exception {
        HttpResponse<String> opened = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + chatPort + "/api/conversations"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, opened.statusCode(), opened.body());
        Matcher id = Pattern.compile("\"conversationId\"\\s*:\\s*\"([^\"]+)\"").matcher(opened.body());
        assertTrue(id.find(), opened.body());
        return id.group(1);
    }

    /**
     * The person grants a consent at consent-service, which verifies the token against account-service's JWKS;
     * returns the key id of the signed receipt.
     */
    private static String grantConsent(String token, int consentPort) throws Exception {
        HttpResponse<String> granted = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + consentPort + "/api/consents/me"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"choices\":{\"analytics.usage\":true}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, granted.statusCode(), granted.body());
        Matcher receipt = Pattern.compile("\"receipts\"\\s*:\\s*\\[\"([A-Za-z0-9_-]+)\\.").matcher(granted.body());
        assertTrue(receipt.find(), granted.body());
        String header = new String(java.util.Base64.getUrlDecoder().decode(receipt.group(1)),
                java.nio.charset.StandardCharsets.UTF_8);
        Matcher kid = Pattern.compile("\"kid\"\\s*:\\s*\"([^\"]+)\"").matcher(header);
        assertTrue(kid.find(), header);
        return kid.group(1);
    }

    private record Running(Process process, List<ProcessHandle> children, StringBuffer buffer) {
        String output() {
            return buffer.toString();
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

    private static Connection connect(int port) throws SQLException {
        return connect(port, "account");
    }

    private static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, database, database);
    }

    /**
     * The holder deletes the account: account-service announces it, retention-service sends one erase command,
     * account, consent and chat erase and acknowledge, and retention-service issues the certificate.
     */
    private static void deleteTheAccountAndWaitForTheCertificate(String token, int[] ports) throws Exception {
        UUID subject = UUID.fromString(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8).replaceAll(".*\"sub\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports[3] + "/api/accounts/me"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"password\":\"a long devstack passphrase\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(deleted.statusCode() / 100 == 2, deleted.statusCode() + " " + deleted.body());
        String status = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection retention = connect(ports[0], "retention")) {
            while (!"COMPLETED".equals(status) && System.nanoTime() < deadline) {
                try (PreparedStatement query = retention.prepareStatement(
                        "SELECT status FROM erasure_request WHERE subject_id = ?")) {
                    query.setObject(1, subject);
                    try (ResultSet rs = query.executeQuery()) {
                        status = rs.next() ? rs.getString(1) : null;
                    }
                }
                if (!"COMPLETED".equals(status)) {
                    Thread.sleep(250);
                }
            }
            assertEquals("COMPLETED", status, "the erasure completed with every owner's acknowledgement");
            try (PreparedStatement owners = retention.prepareStatement("SELECT count(*) FROM erasure_owner o "
                    + "JOIN erasure_request r ON r.id = o.request_id WHERE r.subject_id = ? AND o.acknowledged_at IS NOT NULL");
                 PreparedStatement certificate = retention.prepareStatement("SELECT count(*) FROM erasure_certificate c "
                         + "JOIN erasure_request r ON r.id = c.request_id WHERE r.subject_id = ?")) {
                owners.setObject(1, subject);
                certificate.setObject(1, subject);
                assertEquals(3, count(owners), "account, consent and chat answered");
                assertEquals(1, count(certificate));
            }
        }
        try (Connection chat = connect(ports[0], "chat");
             PreparedStatement messages = chat.prepareStatement("SELECT count(*) FROM message WHERE subject_id = ?")) {
            messages.setObject(1, subject);
            assertEquals(0, count(messages), "no message of the subject is left");
        }
    }

    private static long count(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Free ports; the second is Kafka's, so the third (its controller) is kept free too. */
    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                if (i == 2) {
                    ports[i] = ports[1] + 1;
                    if (!isFree(ports[i])) {
                        return freePorts(count);
                    }
                    continue;
                }
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }
}
