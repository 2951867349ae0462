package dev.confidant.platform.runtime.web;

import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not part of {@code ./mvnw verify}: what a limit shared through PostgreSQL costs per request, beside the
 * in-memory one ({@code ./mvnw -Pbenchmark test -pl platform/runtime -Dtest=SharedRateLimiterBenchmark}).
 */
@QuarkusTest
@SuiteInfrastructure
@Tag("benchmark")
class SharedRateLimiterBenchmark {

    private static final int CALLS = 20_000;

    @Inject
    SharedRateLimiter shared;

    @Inject
    RateLimiter local;

    @Test
    void costPerCheck() throws Exception {
        measure("warm-up", i -> shared.tryAcquire("bench", "warm-" + (i % 500), 1_000_000, Duration.ofMinutes(1)), 1);
        measure("in memory", i -> local.tryAcquire("bench", "key-" + (i % 5_000), 1_000_000, Duration.ofMinutes(1)), 1);
        measure("shared, 1 thread", i -> shared.tryAcquire("bench", "key-" + (i % 5_000), 1_000_000,
                Duration.ofMinutes(1)), 1);
        measure("shared, 8 threads", i -> shared.tryAcquire("bench", "key-" + (i % 5_000), 1_000_000,
                Duration.ofMinutes(1)), 8);
        measure("shared, 8 threads, 1 key", i -> shared.tryAcquire("bench", "hot", 1_000_000,
                Duration.ofMinutes(1)), 8);
    }

    interface Check {
        void run(int i);
    }

    private static void measure(String label, Check check, int threads) throws Exception {
        long[] latencies = new long[CALLS];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int first = t;
            pool.execute(() -> {
                for (int i = first; i < CALLS; i += threads) {
                    long t0 = System.nanoTime();
                    check.run(i);
                    latencies[i] = System.nanoTime() - t0;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("benchmark rate limit %-26s %8.0f checks/s  p50 %.3f ms  p99 %.3f ms%n", label,
                CALLS / seconds, latencies[CALLS / 2] / 1e6, latencies[CALLS * 99 / 100] / 1e6);
    }
}
