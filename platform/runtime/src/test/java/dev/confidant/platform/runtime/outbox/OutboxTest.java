package dev.confidant.platform.runtime.outbox;

import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventFormatException;
import dev.confidant.platform.events.EventVerifier;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.signing.EventSignatures;
import dev.confidant.platform.runtime.testapp.TestAccounts;
import dev.confidant.platform.testing.EmbeddedKafkaResource;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@QuarkusTest
@SuiteInfrastructure
class OutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final EventCodec codec = new EventCodec();

    @Inject
    TestAccounts accounts;

    @Inject
    Outbox outbox;

    @Inject
    EventSignatures signatures;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCommittedEventReachesItsTopicKeyedBySubjectAndIsMarkedPublished() throws Exception {
        UUID subject = UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromBeginning(Topics.ACCOUNTS)) {
            EventEnvelope<AccountRegistered> sent = accounts.register(subject);

            ConsumerRecord<String, byte[]> record = reader.await(r -> subject.toString().equals(r.key()), 1, WAIT).get(0);

            assertEquals(sent, codec.decode(record.value()));
            assertEquals(Set.of(sent.eventId()), publishedEventIds(subject));
            // signed by this service as it left: the verifier of any consumer accepts it as the same event
            assertEquals(sent, signatures.verifier().verify(Topics.ACCOUNTS, record.value(),
                    record.headers().lastHeader(EventVerifier.SIGNATURE_HEADER).value(),
                    record.headers().lastHeader(EventVerifier.PROOF_HEADER).value()));
        }
    }

    @Test
    void aRolledBackTransactionPublishesNothing() throws Exception {
        UUID subject = UUID.randomUUID();
        UUID[] rolledBack = new UUID[1];
        try (TopicReader reader = TopicReader.fromBeginning(Topics.ACCOUNTS)) {
            assertThrows(IllegalStateException.class, () -> accounts.registerThenFail(subject, rolledBack));
            // A later event for the same key arrives after anything written before it, so once it is here
            // the rolled-back one would have been too.
            EventEnvelope<AccountRegistered> marker = accounts.register(subject);

            List<ConsumerRecord<String, byte[]>> records = reader.await(r -> subject.toString().equals(r.key()), 1, WAIT);

            assertEquals(List.of(marker.eventId()), eventIds(records));
            assertEquals(0, count("SELECT count(*) FROM confidant_outbox WHERE event_id = ?", rolledBack[0]));
            assertEquals(1, count("SELECT count(*) FROM test_account WHERE subject_id = ?", subject));
        }
    }

    @Test
    void eventsOfOneSubjectArriveInTheOrderTheyWereCommitted() {
        List<UUID> subjects = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        int rounds = 30;
        try (TopicReader reader = TopicReader.fromBeginning(Topics.PERSONAL_DATA)) {
            for (int round = 0; round < rounds; round++) {
                for (UUID subject : subjects) {
                    // alternate single-event and three-event transactions, interleaving subjects
                    accounts.announce(subject, round * 3, round % 2 == 0 ? 1 : 3);
                }
            }
            int perSubject = (rounds / 2) * 1 + (rounds / 2) * 3;
            Set<String> keys = subjects.stream().map(UUID::toString).collect(Collectors.toSet());

            List<ConsumerRecord<String, byte[]>> records = reader.await(r -> keys.contains(r.key()),
                    perSubject * subjects.size(), WAIT);

            Map<String, List<Integer>> sequences = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                PersonalDataCreated fact = (PersonalDataCreated) codec.decode(record.value()).payload();
                sequences.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(Integer.parseInt(fact.reference().substring("seq-".length())));
            }
            for (UUID subject : subjects) {
                List<Integer> seen = sequences.get(subject.toString());
                List<Integer> sorted = new ArrayList<>(seen);
                sorted.sort(null);
                assertEquals(perSubject, seen.size(), "every event once");
                assertEquals(sorted, seen, "order of subject " + subject);
            }
        }
    }

    @Test
    void eventsCommittedWhileTheBrokerIsDownArriveWhenItReturns() throws Exception {
        assumeTrue(EmbeddedKafkaResource.isEmbedded(), "an external broker cannot be stopped by the test");
        List<UUID> sent = new ArrayList<>();
        try (TopicReader reader = TopicReader.fromBeginning(Topics.ACCOUNTS)) {
            EmbeddedKafkaResource.stopBroker();
            try {
                for (int i = 0; i < 10; i++) {
                    sent.add(accounts.register(UUID.randomUUID()).eventId());
                }
                // the relay tries, fails and backs off; nothing may be marked published
                Awaitility.await("nothing published while the broker is down").during(Duration.ofMillis(1500))
                        .atMost(Duration.ofSeconds(3)).until(() -> count("SELECT count(*) FROM confidant_outbox "
                                + "WHERE published_at IS NULL AND event_id = ANY (?)", sent.toArray(UUID[]::new)) == 10);
            } finally {
                EmbeddedKafkaResource.startBroker();
            }

            Set<UUID> expected = Set.copyOf(sent);
            List<ConsumerRecord<String, byte[]>> records = reader.await(
                    r -> expected.contains(eventIdOrNone(r)), 10, Duration.ofSeconds(60));

            assertEquals(expected, Set.copyOf(eventIds(records)));
            // a consumer can see a record before the relay has committed its mark: wait for the marks
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM confidant_outbox WHERE published_at IS NULL "
                    + "AND event_id = ANY (?)", sent.toArray(UUID[]::new)) == 0);
        }
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        assertThrows(TransactionalException.class, () -> outbox.publish(UUID.randomUUID(),
                new AccountRegistered(Instant.now(), false)));
    }

    private List<UUID> eventIds(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> codec.decode(r.value()).eventId()).collect(Collectors.toList());
    }

    /** The event id of a record, or the nil UUID for what other tests wrote to the shared topic (garbage included). */
    private UUID eventIdOrNone(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.decode(record.value()).eventId();
        } catch (EventFormatException e) {
            return new UUID(0, 0);
        }
    }

    /** The subject's events marked published: the row is marked right after the broker's acknowledgement. */
    private Set<UUID> publishedEventIds(UUID subject) {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> markedPublished(subject), ids -> !ids.isEmpty());
    }

    private Set<UUID> markedPublished(UUID subject) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT event_id FROM confidant_outbox WHERE record_key = ? AND published_at IS NOT NULL")) {
            select.setString(1, subject.toString());
            Set<UUID> ids = new HashSet<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    private long count(String sql, Object parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter instanceof UUID[] ids) {
                select.setArray(1, connection.createArrayOf("uuid", ids));
            } else {
                select.setObject(1, parameter);
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
