package dev.confidant.platform.runtime.security;

import dev.confidant.platform.events.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ready only once this instance has read every revocation that existed when it started: until then it could accept a
 * token revoked before it came up. The end offsets of {@code confidant.revocations} are taken at start-up; each record
 * {@link TokenRevocations} reads moves its partition forward. While the broker cannot be asked, the instance is not
 * ready either.
 */
@Readiness
@ApplicationScoped
public class RevocationsCaughtUp implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(RevocationsCaughtUp.class);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** Partition → the offset after the last revocation that existed at start-up. */
    private final Map<Integer, Long> targets = new ConcurrentHashMap<>();
    /** Partition → the offset after the last record read (records may arrive before the targets are known). */
    private final Map<Integer, Long> read = new ConcurrentHashMap<>();
    private volatile boolean measured;

    void atStart(@Observes StartupEvent event) {
        Thread measuring = new Thread(this::measure, "confidant-revocations-end-offsets");
        measuring.setDaemon(true);
        measuring.start();
    }

    private void measure() {
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.keySet().removeIf(key -> !ConsumerConfig.configNames().contains(key));
        for (int attempt = 0; !measured; attempt++) {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
                var found = consumer.partitionsFor(Topics.REVOCATIONS, Duration.ofSeconds(10));
                List<TopicPartition> partitions = found == null ? List.of() : found.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
                Map<Integer, Long> ends = new HashMap<>();
                consumer.endOffsets(partitions, Duration.ofSeconds(10)).forEach((partition, end) -> {
                    if (end > begin.getOrDefault(partition, 0L)) {
                        ends.put(partition.partition(), end);
                    }
                });
                measured(ends);
            } catch (RuntimeException e) {
                if (attempt == 0) {
                    LOG.warnf("Cannot read the end of %s yet (%s); not ready until it can", Topics.REVOCATIONS,
                            e.getClass().getSimpleName());
                }
                sleep();
            }
        }
    }

    /** The offsets after the last revocation of each non-empty partition at start-up. */
    void measured(Map<Integer, Long> ends) {
        targets.putAll(ends);
        measured = true;
    }

    /** A record at {@code offset} of {@code partition} was read. */
    void read(int partition, long offset) {
        read.merge(partition, offset + 1, Math::max);
    }

    /** How many partitions still hold revocations from before start-up that this instance has not read. */
    int partitionsBehind() {
        return (int) targets.entrySet().stream().filter(t -> read.getOrDefault(t.getKey(), 0L) < t.getValue()).count();
    }

    /** Whether every revocation that existed at start-up has been read. */
    public boolean caughtUp() {
        return measured && partitionsBehind() == 0;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("token revocations read").status(caughtUp())
                .withData("partitions behind", partitionsBehind()).build();
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
