package dev.confidant.platform.runtime.scheduling;

import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas whose schedulers fire at the same moment run a job once per period between them. */
@QuarkusTest
@SuiteInfrastructure
class ScheduledOnceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void replicasFiringTogetherRunTheJobOnce() throws Exception {
        String job = "sweep-" + UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        ExecutorService replicas = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            ScheduledOnce replica = new ScheduledOnce(dataSource); // each its own instance on the one database
            replicas.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                replica.run(job, Duration.ofHours(1), runs::incrementAndGet);
            });
        }
        go.countDown();
        replicas.shutdown();
        assertTrue(replicas.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(1, runs.get(), "eight schedulers fired, the job ran once");
    }

    @Test
    void theNextPeriodRunsAgain() throws Exception {
        String job = "housekeeping-" + UUID.randomUUID();
        ScheduledOnce a = new ScheduledOnce(dataSource);
        ScheduledOnce b = new ScheduledOnce(dataSource);
        AtomicInteger runs = new AtomicInteger();
        assertTrue(a.run(job, Duration.ofMinutes(10), runs::incrementAndGet));
        assertFalse(b.run(job, Duration.ofMinutes(10), runs::incrementAndGet), "same period, other replica");
        // nine minutes later (four fifths of ten have passed): the next run belongs to whoever fires first
        ServiceDatabase.execute("UPDATE confidant_job_run SET ran_at = ran_at - interval '9 minutes' WHERE job = ?", job);
        assertTrue(b.run(job, Duration.ofMinutes(10), runs::incrementAndGet));
        assertEquals(2, runs.get());
    }
}
