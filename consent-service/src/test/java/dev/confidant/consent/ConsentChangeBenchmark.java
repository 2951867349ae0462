package dev.confidant.consent;

import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark, not part of {@code ./mvnw verify}: consent changes per second through the hash-chained ledger, with one
 * client and with many at once ({@code ./mvnw -Pbenchmark test -pl consent-service -Dtest=ConsentChangeBenchmark}).
 * Every change appends to the one chain under the head row's lock, signs a receipt and announces the new state; if
 * the lock were the bottleneck, many clients would get no more through than one. Each change is a new subject granting
 * one purpose, from an address of its own (the per-address limit is not what is measured).
 */
@QuarkusTest
@SuiteInfrastructure
@Tag("benchmark")
class ConsentChangeBenchmark {

    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 15);

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
    private final AtomicInteger addresses = new AtomicInteger();

    /** Tokens signed before the clock starts, so the load generator's own RSA signing is not measured. */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> tokens = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Test
    void consentChangesPerSecond() throws Exception {
        for (int i = 0; i < Integer.getInteger("benchmark.tokens", 4000); i++) {
            tokens.add(TestTokens.forSubject(UUID.randomUUID(), Roles.VISITOR));
        }
        run(1, 3); // warm-up
        StringBuilder line = new StringBuilder("\nconsent changes/s through the ledger:");
        for (int clients : new int[]{1, 4, 16}) {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            os.getCpuLoad();
            double rate = run(clients, SECONDS);
            line.append(String.format(" %d client(s) %.0f (CPU %.0f %%);", clients, rate, 100 * os.getCpuLoad()));
        }
        System.out.println(line.append("\n"));
    }

    private double run(int clients, int seconds) throws Exception {
        LongAdder changed = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicBoolean going = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        String url = "http://localhost:" + RestAssured.port + "/api/consents/me";
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            pool.execute(() -> {
                String token;
                while (going.get() && (token = tokens.poll()) != null) {
                    int n = addresses.incrementAndGet();
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .header("X-Forwarded-For", "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "."
                                        + (n & 0xff))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"choices\":{\"" + Purposes.USAGE_ANALYTICS
                                        + "\":true}}")).build(), HttpResponse.BodyHandlers.discarding());
                        (response.statusCode() == 200 ? changed : failed).increment();
                    } catch (Exception e) {
                        failed.increment();
                    }
                }
            });
        }
        Thread.sleep(seconds * 1000L);
        going.set(false);
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failed.sum() > 0) {
            System.out.printf("  %d clients: %d requests failed%n", clients, failed.sum());
        }
        return changed.sum() / elapsed;
    }
}
