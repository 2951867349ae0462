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
 * Benchmark, not part of {@code ./mvnw verify}: what signing costs the outbox relay (per round of one, and per
 * record in a round of 500) and verifying costs a consumer, per event, on a typical envelope. Run it with
 * {@code ./mvnw -Pbenchmark test -pl platform/events}. Fails when verifying takes over 250 µs at p99, or signing a
 * full round over 50 µs per record.
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
        EventSigner.RecordSignature signed = signer.sign(Topics.PERSONAL_DATA, value);
        byte[] signature = signed.signature().getBytes();
        byte[] proof = signed.proof().getBytes();
        for (int i = 0; i < WARM_UP; i++) {
            signer.sign(Topics.PERSONAL_DATA, value);
            verifier.verify(Topics.PERSONAL_DATA, value, signature, proof);
        }
        double[] sign = new double[ROUNDS];
        double[] verify = new double[ROUNDS];
        double[] again = new double[ROUNDS];
        EventCodec codec = new EventCodec();
        for (int i = 0; i < ROUNDS; i++) {
            // another event each round, so every round has a signature of its own (RS256 is deterministic)
            byte[] event = codec.encode(EventEnvelope.of(Services.CHAT, UUID.randomUUID(), new PersonalDataCreated(
                    DataCategories.CHAT_MESSAGE, "chat-db", "conversation/" + i, Instant.now(), Instant.now())));
            long t0 = System.nanoTime();
            EventSigner.RecordSignature round = signer.sign(Topics.PERSONAL_DATA, event);
            long t1 = System.nanoTime();
            // a new round: its signature is verified with RSA, then remembered for the round's other records
            verifier.verify(Topics.PERSONAL_DATA, event, round.signature().getBytes(), round.proof().getBytes());
            long t2 = System.nanoTime();
            verifier.verify(Topics.PERSONAL_DATA, event, round.signature().getBytes(), round.proof().getBytes());
            long t3 = System.nanoTime();
            sign[i] = (t1 - t0) / 1e3;
            verify[i] = (t2 - t1) / 1e3;
            again[i] = (t3 - t2) / 1e3;
        }
        Arrays.sort(sign);
        Arrays.sort(verify);
        Arrays.sort(again);
        System.out.printf("%nbenchmark event signatures (RS256 over a batch of one, %d-byte envelope, %d rounds): sign "
                        + "p50 %.0f µs, p99 %.0f µs; verify a record of a new round (proof, RSA, decoding) p50 %.0f µs, "
                        + "p99 %.0f µs; verify another record of a round already verified p50 %.0f µs, p99 %.0f µs%n",
                value.length, ROUNDS, percentile(sign, 50), percentile(sign, 99), percentile(verify, 50),
                percentile(verify, 99), percentile(again, 50), percentile(again, 99));
        // a relay round of 500 rows: one signature for all of them
        List<EventSigner.Unsigned> round = java.util.Collections.nCopies(500, new EventSigner.Unsigned(
                Topics.PERSONAL_DATA, value));
        double[] batch = new double[50];
        for (int i = 0; i < batch.length + 10; i++) {
            long t0 = System.nanoTime();
            signer.sign(round);
            if (i >= 10) {
                batch[i - 10] = (System.nanoTime() - t0) / 1e3 / round.size();
            }
        }
        Arrays.sort(batch);
        System.out.printf("benchmark event signatures, a round of 500: sign p50 %.1f µs per record%n%n",
                percentile(batch, 50));
        assertTrue(percentile(verify, 99) < 250, "verifying p99 is over 250 µs");
        assertTrue(percentile(batch, 50) < 50, "signing a round of 500 costs over 50 µs per record");
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
