package dev.confidant.platform.runtime.outbox;

import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.Topics;
import dev.confidant.platform.runtime.testapp.TestAccounts;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With polling effectively off, the after-commit wake-ups alone must deliver every event: a wake-up that arrives
 * while the relay is busy must not be lost, or the last events would wait for the next poll.
 */
@QuarkusTest
@SuiteInfrastructure
@TestProfile(OutboxWakeUpTest.WithoutPolling.class)
class OutboxWakeUpTest {

    public static class WithoutPolling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("confidant.outbox.poll-interval", "1h");
        }
    }

    @Inject
    TestAccounts accounts;

    @Test
    void everyConcurrentCommitIsPublishedWithoutWaitingForAPoll() throws Exception {
        EventCodec codec = new EventCodec();
        Set<UUID> sent = ConcurrentHashMap.newKeySet();
        try (TopicReader reader = TopicReader.fromBeginning(Topics.ACCOUNTS)) {
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 400; i++) {
                writers.submit(() -> sent.add(accounts.register(UUID.randomUUID()).eventId()));
            }
            writers.shutdown();
            assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));

            reader.await(r -> sent.contains(codec.decode(r.value()).eventId()), sent.size(), Duration.ofSeconds(20));
        }
    }
}
