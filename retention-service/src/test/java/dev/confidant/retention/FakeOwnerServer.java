package dev.confidant.retention;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Other services as retention-service meets them over HTTP, on a real local server: account-service's token endpoint
 * (client credentials, HTTP Basic) and data owners' export endpoints, which answer only with the token it issued.
 * An owner can be told to fail its next calls or to export the wrong subject.
 */
public class FakeOwnerServer implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "retention-service";
    static final String CLIENT_SECRET = "fake-owner-secret";

    private static HttpServer server;
    private static final String TOKEN = "service-token-" + UUID.randomUUID();
    static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();
    /** The audiences tokens were issued for. */
    static final List<String> AUDIENCES = new CopyOnWriteArrayList<>();
    /** Calls that reached the attacker's endpoint, and the Authorization headers they carried. */
    static final List<String> ATTACKER_SAW = new CopyOnWriteArrayList<>();
    static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();
    static final Map<String, Boolean> WRONG_SUBJECT = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/token", this::token);
        server.createContext("/owners/", this::export);
        server.createContext("/attacker/", this::attacker);
        server.start();
        return Map.of("confidant.service-client.token-url", baseUrl() + "/token",
                "confidant.service-client.id", CLIENT_ID,
                "confidant.service-client.secret", CLIENT_SECRET,
                // the owners live under /owners/; /attacker/ on the same host and port is not an owner
                "confidant.retention.export-base-urls", baseUrl() + "/owners/");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** An export URL no owner has: what a forged announcement would name. */
    static String attackerUrl(String owner) {
        return baseUrl() + "/attacker/" + owner + "/exports/";
    }

    /** The token this server issues for one owner and one subject. */
    private static String token(String audience, String subject) {
        return TOKEN + ":" + audience + ":" + subject;
    }

    /** What an owner named {@code owner} announces as its export endpoint. */
    static String exportUrl(String owner) {
        return baseUrl() + "/owners/" + owner + "/exports/";
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(java.net.URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        String audience = form.getOrDefault("audience", "");
        String subject = form.getOrDefault("subject", "");
        if (!"POST".equals(exchange.getRequestMethod()) || !expected.equals(exchange.getRequestHeaders()
                .getFirst("Authorization")) || !"client_credentials".equals(form.get("grant_type"))
                || !audience.matches("[a-z0-9-]+") || !subject.matches("[0-9a-f-]{36}")) {
            send(exchange, 401, "{\"status\":401}");
            return;
        }
        TOKENS_ISSUED.incrementAndGet();
        AUDIENCES.add(audience);
        send(exchange, 200, "{\"access_token\":\"" + token(audience, subject)
                + "\",\"token_type\":\"Bearer\",\"expires_in\":120}");
    }

    /** {@code GET /owners/{owner}/exports/{subjectId}}. */
    private void export(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        String owner = path[2];
        String subject = path[4];
        CALLS.computeIfAbsent(owner, o -> new AtomicInteger()).incrementAndGet();
        // like a real owner: only a token for this owner and this subject opens the export
        if (!("Bearer " + token(owner, subject)).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"status\":401}");
            return;
        }
        AtomicInteger failures = FAILURES_LEFT.get(owner);
        if (failures != null && failures.getAndDecrement() > 0) {
            send(exchange, 503, "{\"status\":503}");
            return;
        }
        String about = Boolean.TRUE.equals(WRONG_SUBJECT.get(owner)) ? UUID.randomUUID().toString() : subject;
        send(exchange, 200, "{\"owner\":\"" + owner + "\",\"subjectId\":\"" + about + "\",\"exportedAt\":"
                + "\"2026-11-24T10:00:00Z\",\"data\":{\"notes\":[\"kept by " + owner + " for " + about + "\"]}}");
    }

    private void attacker(HttpExchange exchange) throws IOException {
        ATTACKER_SAW.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        send(exchange, 200, "{}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
