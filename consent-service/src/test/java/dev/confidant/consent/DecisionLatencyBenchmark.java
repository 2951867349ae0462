package dev.confidant.consent;

import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmark, not part of {@code ./mvnw verify}: consent decisions over HTTP at a steady rate against a running,
 * packaged consent-service (target: p99 ≤ 5 ms at 5,000 req/s). Start the service so that it trusts the test
 * token key ({@code MP_JWT_VERIFY_PUBLICKEY_LOCATION=platform/testing/src/main/resources/confidant-test-keys/public.pem},
 * {@code MP_JWT_VERIFY_ISSUER=https://confidant.test/account}), then run
 * {@code ./mvnw -pl consent-service test -Dtest=DecisionLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbenchmark.url=http://127.0.0.1:8082 -Dbenchmark.jdbc=jdbc:postgresql://127.0.0.1:5432/consent?user=…}
 * (and {@code -Dbenchmark.rate=5000 -Dbenchmark.seconds=20}). Or against the devstack, whose account-service issues
 * the tokens: {@code -Dbenchmark.account=http://127.0.0.1:8081 -Dbenchmark.url=http://127.0.0.1:8082
 * -Dbenchmark.jdbc=jdbc:postgresql://127.0.0.1:15432/consent?user=confidant&password=confidant}. Each subject asks
 * about itself with its own user (or visitor) token, as the widget and the privacy centre do; the same service's
 * trivial endpoint ({@code GET /api/purposes}) is measured at the same rate in the same run, as the baseline. Open
 * loop: each request's latency runs from the moment it was due to be sent, so a stalled server cannot hide its queue.
 * The load generator shares the machine's cores.
 */
@Tag("benchmark")
class DecisionLatencyBenchmark {

    private static final int RATE = Integer.getInteger("benchmark.rate", 5000);
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 20);
    private static final int WARM_UP_SECONDS = Integer.getInteger("benchmark.warm-up", 5);
    private static final int SUBJECTS = Integer.getInteger("benchmark.subjects", 100);

    private static final String URL = System.getProperty("benchmark.url");
    private static final String JDBC = System.getProperty("benchmark.jdbc");
    /** When given, each subject is a widget visitor whose token account-service issues (the devstack's way). */
    private static final String ACCOUNT = System.getProperty("benchmark.account");
    private static final String TRIVIAL = "/api/purposes";

    @Test
    void decisionsAtASteadyRate() throws Exception {
        Assumptions.assumeTrue(URL != null && JDBC != null, "needs -Dbenchmark.url and -Dbenchmark.jdbc");
        Subject[] subjects = subjects();
        seed(subjects);
        URI target = URI.create(URL);
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost(target.getHost()).setDefaultPort(target.getPort()), new PoolOptions().setHttp1MaxSize(256));
        try {
            run(client, subjects, WARM_UP_SECONDS, null, false);
            run(client, subjects, WARM_UP_SECONDS, null, true);
            // the trivial endpoint first, then decisions, each at the same rate: the baseline in the same run
            for (boolean trivial : new boolean[] {true, false}) {
                long[] latencies = new long[RATE * SECONDS];
                int errors = run(client, subjects, SECONDS, latencies, trivial);
                Arrays.sort(latencies);
                System.out.printf("%n%s: %d at %d/s over %d s, errors %d%n  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  "
                                + "p99.9 %.2f ms  max %.2f ms%n", trivial ? "Trivial endpoint " + TRIVIAL
                                : "Decisions (user tokens, own subject)", latencies.length, RATE, SECONDS, errors,
                        ms(latencies, 0.50), ms(latencies, 0.95), ms(latencies, 0.99), ms(latencies, 0.999),
                        latencies[latencies.length - 1] / 1e6);
                assertEquals(0, errors);
            }
        } finally {
            client.close();
            vertx.close();
        }
    }

    /** A subject and its own token. */
    private record Subject(UUID id, String token) {
    }

    /**
     * Sends {@code RATE} requests a second for {@code seconds} (decisions, or the trivial endpoint); records latencies
     * (ns) when given an array.
     */
    private static int run(HttpClient client, Subject[] subjects, int seconds, long[] latencies, boolean trivial)
            throws InterruptedException {
        int total = RATE * seconds;
        CountDownLatch done = new CountDownLatch(total);
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime() + 10_000_000;
        double interval = 1e9 / RATE;
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // sleep to the due time rather than spin: the generator must not take a core from the service
                LockSupport.parkNanos(wait);
            }
            int index = i;
            Subject subject = subjects[i % subjects.length];
            String purpose = i % 4 == 0 ? Purposes.ANSWER_QUESTIONS : Purposes.USAGE_ANALYTICS;
            client.request(new RequestOptions().setMethod(HttpMethod.GET)
                            .setURI(trivial ? TRIVIAL : "/api/decisions?subject=" + subject.id() + "&purpose=" + purpose)
                            .putHeader("Authorization", "Bearer " + subject.token()))
                    .compose(request -> request.send().compose(response -> response.body().map(body -> response)))
                    .onComplete(result -> {
                        if (result.failed() || result.result().statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        if (latencies != null) {
                            latencies[index] = System.nanoTime() - due;
                        }
                        done.countDown();
                    });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError(done.getCount() + " requests unanswered");
        }
        return errors.get();
    }

    /** The subjects: visitors account-service admits, or users with tokens signed by the test key. */
    private static Subject[] subjects() throws Exception {
        Subject[] subjects = new Subject[SUBJECTS];
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < SUBJECTS; i++) {
            if (ACCOUNT == null) {
                UUID id = UUID.randomUUID();
                subjects[i] = new Subject(id, TestTokens.forSubject(id, Roles.USER));
                continue;
            }
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                            URI.create(ACCOUNT + "/api/auth/visitor")).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) { // visitors are rate-limited per address: wait as asked
                Thread.sleep(1000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
                i--;
                continue;
            }
            assertEquals(201, response.statusCode(), response.body());
            String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body())
                    .path("accessToken").asText();
            String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            UUID id = UUID.fromString(new com.fasterxml.jackson.databind.ObjectMapper().readTree(claims).path("sub")
                    .asText());
            subjects[i] = new Subject(id, token);
        }
        return subjects;
    }

    /** A current grant (half the subjects) or a refusal, written directly: the benchmark measures reads. */
    private static void seed(Subject[] subjects) throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO consent_state (subject_id, purpose, "
                     + "granted, policy_version, policy_effective_at, entry_id, actor, changed_at) "
                     + "VALUES (?, ?, ?, '1', '2026-01-01T00:00:00Z', ?, 'SUBJECT', ?)")) {
            for (int i = 0; i < SUBJECTS; i++) {
                insert.setObject(1, subjects[i].id());
                insert.setString(2, Purposes.USAGE_ANALYTICS);
                insert.setBoolean(3, i % 2 == 0);
                insert.setObject(4, UUID.randomUUID());
                insert.setTimestamp(5, java.sql.Timestamp.from(Instant.now()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
    }
}
