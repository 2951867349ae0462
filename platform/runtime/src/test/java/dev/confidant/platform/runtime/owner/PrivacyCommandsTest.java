package dev.confidant.platform.runtime.owner;

import dev.confidant.platform.events.ErasureOrigin;
import dev.confidant.platform.events.ErasureRequested;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.runtime.testapp.TestPrivacyCommandHandler;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@SuiteInfrastructure
class PrivacyCommandsTest {

    @Test
    void aCommandThatMetADeadlockIsAppliedAgainInANewTransactionAndTheConsumerGoesOn() {
        UUID subject = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        // three: as many as this instance has consumers of the topic, each of which a failure would stop
        TestPrivacyCommandHandler.deadlockFirst(subject, 3);

        TopicWriter.send(erase(subject));
        // the next command for the same subject's partition is applied too: the consumer did not stop
        TopicWriter.send(erase(subject), erase(next));

        await().atMost(Duration.ofSeconds(30)).until(() -> TestPrivacyCommandHandler.ERASED.contains(subject));
        // three attempts rolled back (with their inbox rows, or the fourth would have been skipped as a redelivery),
        // the fourth applied, the second command once
        await().atMost(Duration.ofSeconds(30)).until(() -> TestPrivacyCommandHandler.ERASED.contains(next));
        assertEquals(5, TestPrivacyCommandHandler.ATTEMPTS.get(subject).get());
        assertEquals(1, TestPrivacyCommandHandler.ATTEMPTS.get(next).get());
    }

    @Test
    void theSqlStateIsFoundAmongTheCauses() {
        assertEquals("40P01", PrivacyCommands.sqlState(new IllegalStateException("wrapped",
                new RuntimeException(new SQLException("deadlock detected", "40P01")))));
        assertNull(PrivacyCommands.sqlState(new IllegalStateException("no database involved")));
    }

    private static EventEnvelope<ErasureRequested> erase(UUID subject) {
        return EventEnvelope.of("retention-service", subject, new ErasureRequested(UUID.randomUUID(),
                ErasureOrigin.SUBJECT, Instant.now().plus(Duration.ofDays(30))));
    }
}
