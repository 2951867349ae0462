package dev.confidant.platform.events;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Benchmark, not part of {@code ./mvnw verify}: what signing costs the outbox relay and verifying costs a consumer,
 * per event, with Ed25519 in the JDK, on a typical envelope. Run it with
 * {@code ./mvnw -Pbenchmark test -pl platform/events}. Fails when signing or verifying a typical event takes more
 * than 1 ms at p99 (the cost RS256 would have).
 */
@Tag("benchmark")
class EventSignatureBenchmark {

    private static final int ROUNDS = Integer.getInteger("benchmark.events", 20_000);
    private static final int WARM_UP = Integer.getInteger("benchmark.warm-up", 5_000);

    @Test
    void signAndVerifyOneEvent() {
        KeyPair pair = EventKeys.generate();
        EventSigner signer = new EventSigner(Services.CHAT, pair.getPrivate());
        EventVerifier verifier = new EventVerifier(Map.of(Services.CHAT, List.of(pair.getPublic())));
        byte[] value = new EventCodec().encode(EventEnvelope.of(Services.CHAT, UUID.randomUUID(),
                new PersonalDataCreated(DataCategories.CHAT_MESSAGE, "chat-db", "conversation/" + UUID.randomUUID(),
                        Instant.now(), Instant.now())));
        byte[] signature = signer.sign(Topics.PERSONAL_DATA, value).getBytes();
        for (int i = 0; i < WARM_UP; i++) {
            signer.sign(Topics.PERSONAL_DATA, value);
            verifier.verify(Topics.PERSONAL_DATA, value, signature);
        }
        double[] sign = new double[ROUNDS];
        double[] verify = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            signer.sign(Topics.PERSONAL_DATA, value);
            long t1 = System.nanoTime();
            verifier.verify(Topics.PERSONAL_DATA, value, signature);
            long t2 = System.nanoTime();
            sign[i] = (t1 - t0) / 1e3;
            verify[i] = (t2 - t1) / 1e3;
        }
        Arrays.sort(sign);
        Arrays.sort(verify);
        System.out.printf("%nbenchmark event signatures (Ed25519, %d-byte envelope, %d rounds): sign p50 %.0f µs, "
                        + "p99 %.0f µs; verify (signature and decoding) p50 %.0f µs, p99 %.0f µs%n%n", value.length,
                ROUNDS, percentile(sign, 50), percentile(sign, 99), percentile(verify, 50), percentile(verify, 99));
        assertTrue(percentile(sign, 99) < 1000, "signing p99 is over 1 ms");
        assertTrue(percentile(verify, 99) < 1000, "verifying p99 is over 1 ms");
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
