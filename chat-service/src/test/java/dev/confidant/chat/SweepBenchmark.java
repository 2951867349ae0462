package dev.confidant.chat;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.events.ExpiryCompleted;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The target "retention sweep of 1,000,000 expired messages ≥ 0.8 of a raw DELETE of the same rows", on
 * real PostgreSQL and a real broker: the same million message rows (10,000 conversations of 100) are seeded twice per
 * round; once a plain {@code DELETE FROM message WHERE created_at < ?} removes them, once chat-service's sweep does,
 * from the {@code ExpireRecords} command on the topic to the {@code ExpiryCompleted} answer on the topic (so the
 * sweep's figure also holds its conversations, the Kafka round trip and the acknowledgement). Rounds alternate which
 * goes first. Only with {@code -Pbenchmark}; see docs/benchmarks.md.
 */
@QuarkusTest
@SuiteInfrastructure
@Tag("benchmark")
class SweepBenchmark {

    private static final EventCodec CODEC = new EventCodec();
    private static final int MESSAGES = Integer.getInteger("bench.messages", 1_000_000);
    private static final int PER_CONVERSATION = 100;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final double TARGET = 0.8;

    /** All seeded rows are this old, far past any schedule. */
    private static final Instant SEEDED_AT = Instant.now().minus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant CUTOFF = SEEDED_AT.plus(1, ChronoUnit.DAYS);

    /** The message statement alone, of the last raw run: reported, not compared. */
    private static double lastRawMessagesOnly;

    @Test
    void aSweepDeletesAMillionExpiredMessagesAtLeastFourFifthsAsFastAsARawDelete() throws Exception {
        // warm-up, not measured: a service in production has run its statements before
        int warmUp = 10 * PER_CONVERSATION;
        seed(warmUp);
        rawDeleteSeconds(warmUp);
        seed(warmUp);
        sweepSeconds(warmUp);
        vacuum();

        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            boolean rawFirst = round % 2 == 1;
            double raw = 0;
            double sweep = 0;
            for (int turn = 0; turn < 2; turn++) {
                seed(MESSAGES);
                if ((turn == 0) == rawFirst) {
                    raw = rawDeleteSeconds(MESSAGES);
                } else {
                    sweep = sweepSeconds(MESSAGES);
                }
                vacuum();
            }
            double ratio = raw / sweep;
            ratios.add(ratio);
            System.out.printf(Locale.ROOT, "Sweep benchmark round %d (%s first): raw DELETE %.2f s (%,.0f messages/s; "
                            + "the message statement alone %.2f s), sweep %.2f s (%,.0f messages/s), sweep/raw "
                            + "throughput %.2f%n", round, rawFirst ? "raw" : "sweep", raw, MESSAGES / raw,
                    lastRawMessagesOnly, sweep, MESSAGES / sweep, ratio);
        }
        double median = ratios.stream().sorted().toList().get(ratios.size() / 2);
        System.out.printf(Locale.ROOT, "Sweep benchmark: %,d messages, median sweep/raw throughput %.2f (target >= %.1f)%n",
                MESSAGES, median, TARGET);
        assertTrue(median >= TARGET, "median sweep/raw throughput " + median + " is below " + TARGET);
    }

    /** Conversations of 100 messages over 1,000 subjects, every row past its schedule. */
    private static void seed(int count) throws SQLException {
        try (Connection db = ServiceDatabase.connect(); Statement sql = db.createStatement();
             PreparedStatement conversations = db.prepareStatement("INSERT INTO conversation (id, subject_id, status, "
                     + "created_at, last_activity_at) SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || "
                     + "lpad(to_hex(c % 1000), 12, '0'))::uuid, 'CLOSED', ?, ? FROM generate_series(1, ?) c");
             PreparedStatement messages = db.prepareStatement("INSERT INTO message (id, conversation_id, subject_id, "
                     + "author, body, created_at) SELECT gen_random_uuid(), c.id, c.subject_id, CASE WHEN m % 2 = 0 "
                     + "THEN 'USER' ELSE 'ASSISTANT' END, convert_to(repeat(md5(m::text || c.id::text), 4), 'UTF8'), "
                     + "c.created_at + m * interval '1 second' FROM conversation c CROSS JOIN generate_series(1, ?) m "
                     + "WHERE c.created_at = ?")) {
            Timestamp seededAt = Timestamp.from(SEEDED_AT);
            conversations.setTimestamp(1, seededAt);
            conversations.setTimestamp(2, seededAt);
            conversations.setInt(3, count / PER_CONVERSATION);
            conversations.executeUpdate();
            messages.setInt(1, PER_CONVERSATION);
            messages.setTimestamp(2, seededAt);
            assertEquals(count, messages.executeUpdate());
            sql.execute("ANALYZE conversation");
            sql.execute("ANALYZE message");
            sql.execute("CHECKPOINT");
        }
    }

    /**
     * The same rows the sweep removes, by hand: the messages, then their conversations (which, like the sweep's,
     * check the tables that reference a conversation), in one transaction, timed to the commit.
     */
    private static double rawDeleteSeconds(int count) throws SQLException {
        try (Connection db = ServiceDatabase.connect();
             PreparedStatement messages = db.prepareStatement("DELETE FROM message WHERE created_at < ?");
             PreparedStatement conversations = db.prepareStatement("DELETE FROM conversation WHERE last_activity_at < ?")) {
            db.setAutoCommit(false);
            messages.setTimestamp(1, Timestamp.from(CUTOFF));
            conversations.setTimestamp(1, Timestamp.from(CUTOFF));
            long start = System.nanoTime();
            int deleted = messages.executeUpdate();
            long messagesDone = System.nanoTime();
            deleted += conversations.executeUpdate();
            db.commit();
            long end = System.nanoTime();
            assertEquals(count + count / PER_CONVERSATION, deleted);
            lastRawMessagesOnly = (messagesDone - start) / 1e9;
            return (end - start) / 1e9;
        }
    }

    /**
     * From the command's record to the answer's record, by their Kafka timestamps (each set by its producer when it
     * sent): what the sweep takes in the system, without this test's own Kafka clients.
     */
    private static double sweepSeconds(int count) throws Exception {
        long outboxBefore = ServiceDatabase.count("SELECT count(*) FROM confidant_outbox");
        UUID sweep = UUID.randomUUID();
        try (TopicReader records = TopicReader.fromBeginning(Topics.PRIVACY_COMMANDS, Topics.PRIVACY_ACKS)) {
            TopicWriter.send(EventEnvelope.of("retention-service", null,
                    new ExpireRecords(sweep, DataCategories.CHAT_MESSAGE, CUTOFF, List.of())));
            List<ConsumerRecord<String, byte[]>> both = records.await(r -> aboutSweep(r, sweep), 2,
                    Duration.ofMinutes(10));
            ConsumerRecord<String, byte[]> command = both.stream().filter(r -> r.topic().equals(Topics.PRIVACY_COMMANDS))
                    .findFirst().orElseThrow();
            ConsumerRecord<String, byte[]> ack = both.stream().filter(r -> r.topic().equals(Topics.PRIVACY_ACKS))
                    .findFirst().orElseThrow();
            ExpiryCompleted answer = (ExpiryCompleted) CODEC.decode(ack.value()).payload();
            assertEquals(count + count / PER_CONVERSATION, answer.expired().get(0).count(),
                    "every message and conversation, counted in one answer");
            assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM message"));
            assertEquals(outboxBefore + 1, ServiceDatabase.count("SELECT count(*) FROM confidant_outbox"),
                    "one event for the whole sweep, none per row");
            return (ack.timestamp() - command.timestamp()) / 1e3;
        }
    }

    private static boolean aboutSweep(ConsumerRecord<String, byte[]> record, UUID sweep) {
        Object payload = CODEC.decode(record.value()).payload();
        return payload instanceof ExpireRecords command && command.sweepId().equals(sweep)
                || payload instanceof ExpiryCompleted done && done.sweepId().equals(sweep);
    }

    /** Between turns: dead rows vacuumed and dirty pages written, so neither turn pays for the one before. */
    private static void vacuum() throws SQLException {
        try (Connection db = ServiceDatabase.connect(); Statement sql = db.createStatement()) {
            sql.execute("VACUUM message");
            sql.execute("VACUUM conversation");
            sql.execute("CHECKPOINT");
        }
    }
}
