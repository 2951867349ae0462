package dev.confidant.account;

import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark, not part of {@code ./mvnw verify}: a login flood from many client addresses at the production bcrypt
 * cost, and what is left for other requests meanwhile. {@code ./mvnw -Pbenchmark test -pl account-service
 * -Dtest=LoginFloodBenchmark} (add {@code -Dbenchmark.permits=2} to run bcrypt on every core, as before the
 * bulkhead). Prints logins/s, the answers by status, the machine's CPU load, and the latency of a cheap request
 * (the JWKS) alone and during the flood. The load generator shares the machine's two cores.
 */
@QuarkusTest
@SuiteInfrastructure
@Tag("benchmark")
@TestProfile(LoginFloodBenchmark.ProductionCost.class)
class LoginFloodBenchmark {

    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 20);
    private static final int FLOODERS = Integer.getInteger("benchmark.flooders", 16);

    public static class ProductionCost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("confidant.account.bcrypt-cost", "12",
                    "confidant.account.password-checks-at-once", System.getProperty("benchmark.permits", "1"));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();

    @Test
    void aLoginFloodLeavesRoomForOtherWork() throws Exception {
        String base = "http://localhost:" + RestAssured.port;
        long[] alone = cheapRequests(base, SECONDS / 2, new AtomicBoolean(true));

        Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger addresses = new AtomicInteger();
        ExecutorService flood = Executors.newFixedThreadPool(FLOODERS);
        for (int i = 0; i < FLOODERS; i++) {
            flood.execute(() -> {
                while (flooding.get()) {
                    int n = addresses.incrementAndGet();
                    String address = "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"nobody-" + n
                                        + "@example.org\",\"password\":\"a guess that is long enough\"}")).build(),
                                HttpResponse.BodyHandlers.discarding());
                        answers.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
                    } catch (Exception e) {
                        answers.computeIfAbsent(-1, s -> new LongAdder()).increment();
                    }
                }
            });
        }
        Thread.sleep(2_000); // the flood is on
        List<Double> cpu = new ArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            while (sampling.get()) {
                double load = os.getCpuLoad();
                if (load >= 0) {
                    cpu.add(load);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        answers.clear();
        long start = System.nanoTime();
        long[] during = cheapRequests(base, SECONDS, new AtomicBoolean(true));
        double elapsed = (System.nanoTime() - start) / 1e9;
        sampling.set(false);
        flooding.set(false);
        flood.shutdown();
        flood.awaitTermination(30, TimeUnit.SECONDS);

        long checked = count(answers, 401) + count(answers, 200);
        System.out.printf("%nlogin flood, %d clients from fresh addresses, bcrypt cost 12, %s bcrypt runs at once:%n",
                FLOODERS, System.getProperty("benchmark.permits", "1"));
        System.out.printf("  password checks/s %.1f; answers %s%n", checked / elapsed, answers);
        System.out.printf("  machine CPU load during the flood: mean %.0f %%%n",
                100 * cpu.stream().mapToDouble(Double::doubleValue).average().orElse(-1));
        System.out.printf("  cheap request (JWKS) alone:  p50 %.1f ms, p99 %.1f ms (%d requests)%n",
                percentile(alone, 50), percentile(alone, 99), alone.length);
        System.out.printf("  cheap request during flood: p50 %.1f ms, p99 %.1f ms (%d requests)%n%n",
                percentile(during, 50), percentile(during, 99), during.length);
    }

    /** Sequential GETs of the JWKS for {@code seconds}; their latencies in nanoseconds. */
    private long[] cheapRequests(String base, int seconds, AtomicBoolean go) throws Exception {
        List<Long> latencies = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json")).build();
        while (System.nanoTime() < end && go.get()) {
            long t0 = System.nanoTime();
            http.send(request, HttpResponse.BodyHandlers.discarding());
            latencies.add(System.nanoTime() - t0);
            Thread.sleep(20);
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    private static long count(Map<Integer, LongAdder> answers, int status) {
        LongAdder adder = answers.get(status);
        return adder == null ? 0 : adder.sum();
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }
}
