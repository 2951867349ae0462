package dev.confidant.platform.runtime.cluster;

import dev.confidant.platform.runtime.security.RevokedSubjects;
import dev.confidant.platform.runtime.testapp.SignalRecorder;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signals between replicas: another replica is a second connection to the same database, listening or notifying
 * exactly as a second instance of the service would.
 */
@QuarkusTest
@SuiteInfrastructure
class ClusterSignalsTest {

    @Inject
    ClusterSignals signals;

    @Inject
    SignalRecorder recorder;

    @Inject
    RevokedSubjects revokedSubjects;

    @Test
    void aSignalReachesTheOtherReplicasWhenItsTransactionCommitsAndNeverWhenItRollsBack() throws Exception {
        awaitListening();
        String committed = UUID.randomUUID().toString();
        String rolledBack = UUID.randomUUID().toString();
        try (Connection other = otherReplica()) {
            PGConnection pg = other.unwrap(PGConnection.class);
            List<String> heardBeforeCommit = new ArrayList<>();
            QuarkusTransaction.requiringNew().run(() -> {
                signals.send("test-stored", committed);
                try {
                    heardBeforeCommit.addAll(payloads(pg.getNotifications(300)));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(List.of(), heardBeforeCommit, "nothing is heard before the transaction commits");
            assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
                signals.send("test-stored", rolledBack);
                throw new IllegalStateException("the work failed");
            }));
            List<String> heard = new ArrayList<>(payloads(pg.getNotifications(5_000)));
            heard.addAll(payloads(pg.getNotifications(300)));
            assertEquals(1, heard.size(), heard.toString());
            assertTrue(heard.get(0).endsWith(" test-stored " + committed), heard.get(0));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> recorder.received().stream()
                .anyMatch(s -> s.data().equals(committed)));
        ClusterSignals.Signal own = recorder.received().stream().filter(s -> s.data().equals(committed)).findFirst()
                .orElseThrow();
        assertEquals("test-stored", own.kind());
        assertTrue(own.fromThisReplica(), "the sender hears its own signal, marked as its own");
        Thread.sleep(200);
        assertFalse(recorder.received().stream().anyMatch(s -> s.data().equals(rolledBack)));
    }

    @Test
    void anotherReplicasSignalsArriveInTheOrderTheyCommitted() throws Exception {
        awaitListening();
        String batch = UUID.randomUUID().toString();
        try (Connection other = otherReplica(); PreparedStatement notify =
                other.prepareStatement("SELECT pg_notify('confidant_signals', ?)")) {
            for (int i = 0; i < 20; i++) {
                notify.setString(1, "replica-b test-stored " + batch + " " + i);
                notify.execute();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ofBatch(batch).size() == 20);
        List<ClusterSignals.Signal> received = ofBatch(batch);
        for (int i = 0; i < 20; i++) {
            assertEquals(batch + " " + i, received.get(i).data());
            assertFalse(received.get(i).fromThisReplica());
        }
    }

    @Test
    void aSubjectErasedOnAnotherReplicaIsRefusedHereWithinASecond() throws Exception {
        awaitListening();
        UUID subject = UUID.randomUUID();
        Instant now = Instant.now();
        assertFalse(revokedSubjects.refuses(subject, now.getEpochSecond() - 60));
        try (Connection other = otherReplica()) {
            other.setAutoCommit(false); // as the other replica's erasure: the row and the signal in one transaction
            try (PreparedStatement row = other.prepareStatement(
                    "INSERT INTO confidant_revoked_subject (subject_id, revoked_before) VALUES (?, ?)");
                 PreparedStatement notify = other.prepareStatement("SELECT pg_notify('confidant_signals', ?)")) {
                row.setObject(1, subject);
                row.setObject(2, java.sql.Timestamp.from(now));
                row.executeUpdate();
                notify.setString(1, "replica-b revoked-subject " + subject + " " + now);
                notify.execute();
            }
            other.commit();
        }
        // the periodic reload is an hour away in these tests: only the signal can do this
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> revokedSubjects.refuses(subject, now.getEpochSecond() - 60));
        assertFalse(revokedSubjects.refuses(subject, now.getEpochSecond() + 60), "later tokens are not refused");
    }

    @Test
    void signalsCarryShortWordsAndIdsOnly() {
        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() ->
                signals.send("Not A Kind", "x")));
        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() ->
                signals.send("big", "x".repeat(8_000))));
    }

    private List<ClusterSignals.Signal> ofBatch(String batch) {
        return recorder.received().stream().filter(s -> s.data().startsWith(batch + " ")).toList();
    }

    private void awaitListening() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(signals::listening);
    }

    /** A connection of its own to the service's database, as a second replica holds one. */
    private Connection otherReplica() throws Exception {
        Connection connection = ServiceDatabase.connect();
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN confidant_signals");
        }
        return connection;
    }

    private static List<String> payloads(PGNotification[] notifications) {
        List<String> payloads = new ArrayList<>();
        if (notifications != null) {
            for (PGNotification notification : notifications) {
                payloads.add(notification.getParameter());
            }
        }
        return payloads;
    }
}
