package dev.confidant.account.service;

import dev.confidant.platform.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordsTest {

    @Test
    void noMoreChecksRunAtOnceThanThePermitsAndAWaitTooLongIsA503() throws Exception {
        // cost 13 takes hundreds of milliseconds: a second check cannot get in within 50 ms
        Passwords passwords = new Passwords(13, 1, Duration.ofMillis(50));
        String hash = passwords.hash("a long and unusual passphrase");
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return passwords.matches("a long and unusual passphrase", hash);
        });
        started.await();
        Thread.sleep(100);

        ProblemException busy = assertThrows(ProblemException.class, () -> passwords.matches("guess", hash));
        assertEquals(503, busy.status());
        assertTrue(busy.retryAfterSeconds() > 0);
        assertTrue(first.get(30, TimeUnit.SECONDS), "the check holding the permit finishes normally");
        assertFalse(passwords.matches("guess", hash), "the permit is back");
    }

    @Test
    void checksWithinTheWaitQueueAndAllFinish() throws Exception {
        Passwords passwords = new Passwords(4, 1, Duration.ofSeconds(30));
        String hash = passwords.hash("a long and unusual passphrase");
        AtomicInteger matched = new AtomicInteger();
        CompletableFuture<?>[] checks = new CompletableFuture<?>[8];
        for (int i = 0; i < checks.length; i++) {
            checks[i] = CompletableFuture.runAsync(() -> {
                if (passwords.matches("a long and unusual passphrase", hash)) {
                    matched.incrementAndGet();
                }
            });
        }
        CompletableFuture.allOf(checks).get(30, TimeUnit.SECONDS);
        assertEquals(8, matched.get());
        assertFalse(passwords.matches("a long and unusual passphrase", null), "no account never matches");
    }
}
