package dev.confidant.platform.runtime.cluster;

import dev.confidant.platform.runtime.testapp.SignalRecorder;
import dev.confidant.platform.runtime.testapp.TestNicknames;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A value remembered per subject is read from the database once, and never read stale: not after a change on this
 * replica, not inside or after a transaction that rolled back, not after a change on another replica (a second
 * connection to the same database, writing and signalling as a second instance would).
 */
@QuarkusTest
@SuiteInfrastructure
class SubjectMemoryTest {

    @Inject
    TestNicknames nicknames;

    @Inject
    ClusterSignals signals;

    @Inject
    SignalRecorder recorder;

    @BeforeEach
    void listening() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(signals::listening);
    }

    @Test
    void aValueIsReadOnceAndAChangeHereIsSeenAtOnce() {
        UUID subject = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> nicknames.set(subject, "Ada"));
        assertEquals("Ada", nicknames.of(subject));
        int reads = nicknames.reads();
        assertEquals("Ada", nicknames.of(subject));
        assertEquals("Ada", nicknames.of(subject));
        assertEquals(reads, nicknames.reads(), "the second and third lookups were remembered");

        QuarkusTransaction.requiringNew().run(() -> {
            nicknames.set(subject, "Grace");
            assertEquals("Grace", nicknames.of(subject), "the changing transaction reads its own change");
        });
        assertEquals("Grace", nicknames.of(subject), "the change is seen as soon as it commits");
        int afterChange = nicknames.reads();
        // this replica hears its own signals too: they must not make it forget what it read after its change
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> recorder.received().stream()
                .filter(signal -> signal.data().equals(subject.toString())).count() == 2);
        assertEquals("Grace", nicknames.of(subject));
        assertEquals(afterChange, nicknames.reads(), "still remembered after its own signal arrived");
    }

    @Test
    void aChangeThatRollsBackIsNeverRemembered() {
        UUID subject = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> nicknames.set(subject, "Ada"));
        assertEquals("Ada", nicknames.of(subject));
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            nicknames.set(subject, "Mallory");
            assertEquals("Mallory", nicknames.of(subject));
            throw new IllegalStateException("the work failed");
        }));
        assertEquals("Ada", nicknames.of(subject), "what the rolled-back transaction read was not kept");
    }

    @Test
    void nothingIsRememberedForASubjectWithoutAValue() {
        UUID subject = UUID.randomUUID();
        assertNull(nicknames.of(subject));
        QuarkusTransaction.requiringNew().run(() -> nicknames.set(subject, "Ada"));
        assertEquals("Ada", nicknames.of(subject));
    }

    @Test
    void aChangeOnAnotherReplicaIsSeenHereOnceItCommits() throws Exception {
        UUID subject = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> nicknames.set(subject, "Ada"));
        assertEquals("Ada", nicknames.of(subject));
        try (Connection other = ServiceDatabase.connect()) {
            other.setAutoCommit(false); // the other replica's change and its signal in one transaction
            try (PreparedStatement update = other.prepareStatement(
                    "UPDATE test_nickname SET nickname = 'Grace' WHERE subject_id = ?");
                 PreparedStatement notify = other.prepareStatement("SELECT pg_notify('confidant_signals', ?)")) {
                update.setObject(1, subject);
                update.executeUpdate();
                notify.setString(1, "replica-b " + TestNicknames.SIGNAL + " " + subject);
                notify.execute();
            }
            assertEquals("Ada", nicknames.of(subject), "not committed yet");
            other.commit();
        }
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInSameThread().pollInterval(Duration.ofMillis(10))
                .until(() -> "Grace".equals(nicknames.of(subject)));
    }

    @Test
    void aSignalWithoutASubjectForgetsEveryone() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            nicknames.set(first, "Ada");
            nicknames.set(second, "Grace");
        });
        assertEquals("Ada", nicknames.of(first));
        assertEquals("Grace", nicknames.of(second));
        try (Connection other = ServiceDatabase.connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement update = other.prepareStatement(
                    "UPDATE test_nickname SET nickname = nickname || '!' WHERE subject_id IN (?, ?)");
                 PreparedStatement notify = other.prepareStatement("SELECT pg_notify('confidant_signals', ?)")) {
                update.setObject(1, first);
                update.setObject(2, second);
                update.executeUpdate();
                notify.setString(1, "replica-b " + TestNicknames.SIGNAL + " everyone");
                notify.execute();
            }
            other.commit();
        }
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInSameThread().pollInterval(Duration.ofMillis(10))
                .until(() -> "Ada!".equals(nicknames.of(first)) && "Grace!".equals(nicknames.of(second)));
    }
}
