package dev.confidant.platform.events;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomnessTest {

    @Test
    void idsAreVersionFourUuidsAndNeverRepeatAcrossThreads() throws Exception {
        Set<UUID> seen = Collections.synchronizedSet(new HashSet<>());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            java.util.List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        UUID id = Randomness.uuid();
                        assertEquals(4, id.version());
                        assertEquals(2, id.variant());
                        seen.add(id);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(80_000, seen.size(), "no id came twice, from any thread");
        UUID parsed = UUID.fromString(Randomness.uuid().toString());
        assertEquals(4, parsed.version());
    }

    @Test
    void bytesAreFilledAndDiffer() {
        byte[] first = new byte[32];
        byte[] second = new byte[32];
        Randomness.nextBytes(first);
        Randomness.nextBytes(second);
        assertTrue(!java.util.Arrays.equals(first, second));
        assertTrue(!java.util.Arrays.equals(first, new byte[32]));
    }
}
