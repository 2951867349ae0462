package dev.confidant.platform.runtime.cluster;

import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replicas that start together run their start-up work one after the other. */
@QuarkusTest
@SuiteInfrastructure
class ClusterLockTest {

    @Inject
    ClusterLock lock;

    @Test
    void workUnderOneNameNeverOverlapsAcrossConnections() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            replicas.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                lock.run("test-seed", () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                });
            });
        }
        go.countDown();
        replicas.shutdown();
        assertTrue(replicas.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(1, most.get(), "never two at once");
    }

    @Test
    void itIsTakenOutsideATransactionSoTheWorkCommitsBeforeItIsReleased() {
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() ->
                lock.run("test-seed", () -> { })));
    }
}
