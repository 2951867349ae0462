package dev.confidant.platform.devstack;

import dev.confidant.platform.devstack.DevstackHarness.Running;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.confidant.platform.devstack.DevstackHarness.HTTP;
import static dev.confidant.platform.devstack.DevstackHarness.PASSWORD;
import static dev.confidant.platform.devstack.DevstackHarness.accessToken;
import static dev.confidant.platform.devstack.DevstackHarness.connect;
import static dev.confidant.platform.devstack.DevstackHarness.count;
import static dev.confidant.platform.devstack.DevstackHarness.freePorts;
import static dev.confidant.platform.devstack.DevstackHarness.get;
import static dev.confidant.platform.devstack.DevstackHarness.login;
import static dev.confidant.platform.devstack.DevstackHarness.registerAndFollowTheMailedLink;
import static dev.confidant.platform.devstack.DevstackHarness.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the packaged devstack the way a developer does (its launcher jar, as a separate process) and checks what they
 * would notice: every service healthy, data kept across a restart, gone with --fresh, nothing left running after
 * SIGTERM, and a clear message when a port is taken.
 */
class DevstackIT {

    @TempDir
    Path dataDir;

    private final DevstackHarness devstack = new DevstackHarness();

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        devstack.stopLeftovers();
    }

    @Test
    void bringsTheSuiteUpKeepsDataAcrossRestartsAndLeavesNothingBehind() throws Exception {
        int[] ports = freePorts(8);
        List<String> args = List.of("--data-dir", dataDir.toString(), "--pg-port", "" + ports[0],
                "--kafka-port", "" + ports[1], "--account-port", "" + ports[3], "--consent-port", "" + ports[4],
                "--chat-port", "" + ports[5], "--retention-port", "" + ports[6], "--smtp-port", "" + ports[7]);

        Running first = devstack.start(args);
        for (int port : new int[]{ports[3], ports[4], ports[5], ports[6]}) {
            HttpResponse<String> health = get("http://127.0.0.1:" + port + "/q/health");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\": \"UP\"") || health.body().contains("\"status\":\"UP\""));
        }
        assertTrue(first.output().contains("jdbc:postgresql://127.0.0.1:" + ports[0] + "/chat"), first::output);
        assertTrue(first.output().contains("127.0.0.1:" + ports[1]), first::output);
        String email = registerAndFollowTheMailedLink(first, ports[3], "Dev");
        assertTrue(first.output().contains("mail to admin@confidant.local"), "the bootstrap admin got its link");
        String token = accessToken(login(email, PASSWORD, ports[3]));
        String receiptKey = grantConsent(token, ports[4]);
        String conversation = chat(token, ports[5], "How long do you keep my chats?");
        revocationReachesEveryServiceWithinASecond(first, ports);
        try (Connection db = connect(ports[0], "account"); Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE devstack_marker (kept TEXT)");
            statement.execute("INSERT INTO devstack_marker VALUES ('yes')");
        }
        first.stopAndAssertNothingLeft(ports);

        Running second = devstack.start(args);
        try (Connection db = connect(ports[0], "account"); Statement statement = db.createStatement();
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
        Running third = devstack.start(fresh);
        try (Connection db = connect(ports[0], "account"); Statement statement = db.createStatement();
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
            Process process = devstack.launch(List.of("--data-dir", dataDir.toString(), "--pg-port", "" + port));
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(3, process.exitValue());
            assertTrue(output.contains("Port " + port + " on 127.0.0.1 is taken, so PostgreSQL cannot start"), output);
            assertTrue(output.contains("--pg-port or CONFIDANT_PG_PORT"), output);
        }
    }

    @Test
    void helpListsTheOptionsAndStartsNothing() throws Exception {
        Process process = devstack.launch(List.of("--help"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(output.startsWith("Usage: ./devstack"), output);
        assertTrue(output.contains("--smtp-port"), output);
    }

    @Test
    void aBadOptionIsRefusedWithTheUsage() throws Exception {
        Process process = devstack.launch(List.of("--pg-port", "not-a-port"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(output.contains("--pg-port must be a port number"), output);
        assertTrue(output.contains("Usage: ./devstack"), output);
    }

    /** The person opens a conversation at chat-service with a first message; returns its id. */
    /** Logout everywhere at account-service: the old token is refused at all four services within a second. */
    private static void revocationReachesEveryServiceWithinASecond(Running suite, int[] ports) throws Exception {
        String email = registerAndFollowTheMailedLink(suite, ports[3], "Leaving");
        String token = accessToken(login(email, PASSWORD, ports[3]));
        List<String> urls = List.of("http://127.0.0.1:" + ports[3] + "/api/accounts/me",
                "http://127.0.0.1:" + ports[4] + "/api/consents/me", "http://127.0.0.1:" + ports[5] + "/api/conversations",
                "http://127.0.0.1:" + ports[6] + "/api/data-map/me");
        for (String url : urls) {
            assertEquals(200, send("GET", url, token, null).statusCode(), url);
        }
        HttpResponse<String> logout = send("POST", "http://127.0.0.1:" + ports[3] + "/api/auth/logout", token,
                "{\"everywhere\":true}");
        assertEquals(204, logout.statusCode(), logout.body());
        long loggedOut = System.nanoTime();
        List<String> waiting = new ArrayList<>(urls);
        long deadline = loggedOut + java.time.Duration.ofSeconds(10).toNanos();
        long slowest = 0;
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (java.util.Iterator<String> it = waiting.iterator(); it.hasNext(); ) {
                if (send("GET", it.next(), token, null).statusCode() == 401) {
                    slowest = System.nanoTime() - loggedOut;
                    it.remove();
                }
            }
            Thread.sleep(10);
        }
        assertEquals(List.of(), waiting, "still accepting the revoked token");
        assertTrue(slowest <= java.time.Duration.ofSeconds(1).toNanos(),
                "refused everywhere after " + slowest / 1_000_000 + " ms");
    }

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

    /**
     * The holder deletes the account: account-service announces it, retention-service sends one erase command,
     * account, consent, chat and retention-service itself erase and acknowledge, and the certificate is issued.
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
        Matcher receipt = Pattern.compile("\"receipt\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"").matcher(deleted.body());
        assertTrue(receipt.find(), "the holder is handed a receipt: " + deleted.body());
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
                assertEquals(4, count(owners), "account, consent, chat and retention-service answered");
                assertEquals(1, count(certificate));
            }
        }
        try (Connection chat = connect(ports[0], "chat");
             PreparedStatement messages = chat.prepareStatement("SELECT count(*) FROM message WHERE subject_id = ?")) {
            messages.setObject(1, subject);
            assertEquals(0, count(messages), "no message of the subject is left");
        }
        // the revoked token is no use now; account-service's receipt reaches the certificate at retention-service
        HttpResponse<String> byReceipt = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[6]
                + "/api/receipts/" + receipt.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, byReceipt.statusCode(), byReceipt.body());
        assertTrue(byReceipt.body().contains("\"status\":\"completed\"") && byReceipt.body().contains("\"jws\""),
                byReceipt.body());
    }

}
