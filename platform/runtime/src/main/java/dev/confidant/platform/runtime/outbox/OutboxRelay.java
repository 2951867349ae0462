package dev.confidant.platform.runtime.outbox;

import dev.confidant.platform.events.EventSigner;
import dev.confidant.platform.events.EventVerifier;
import dev.confidant.platform.runtime.signing.EventSignatures;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes committed outbox rows to Kafka, signed a round at a time ({@link EventSignatures}), in id order, with an idempotent producer ({@code acks=all}), and marks
 * them published. A commit in this JVM wakes it at once; otherwise it polls. While the broker is unreachable it
 * retries with exponential backoff; nothing is marked published until the broker has acknowledged it.
 *
 * <p>Order per key: one relay per database publishes at a time (a PostgreSQL advisory lock), rows go out in id order
 * through one idempotent producer, whose sequence numbers stop a later record of a partition from being written
 * when an earlier one failed. Delivery is at least once: consumers deduplicate with the inbox.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock id: each service has its own database, so one constant serves all. */
    private static final long RELAY_LOCK = 0x0C0F1DA7L;

    private static final String SELECT = "SELECT id, topic, record_key, payload, traceparent, created_at "
            + "FROM confidant_outbox WHERE published_at IS NULL ORDER BY id LIMIT ?";
    private static final String MARK = "UPDATE confidant_outbox SET published_at = clock_timestamp() WHERE id = ANY (?)";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    EventSignatures signatures;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;
    private Timer lag;
    private Counter published;
    private Counter failedRounds;

    void start(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            LOG.info("Outbox relay disabled in this instance");
            return;
        }
        lag = Timer.builder("confidant.outbox.lag")
                .description("Time from an event's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(registry);
        published = Counter.builder("confidant.outbox.published").register(registry);
        failedRounds = Counter.builder("confidant.outbox.failed.rounds").register(registry);
        running = true;
        thread = new Thread(this::run, "confidant-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake.release();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer();
    }

    /** Asks the relay to look for rows now (called after a commit that wrote to the outbox). */
    public void wakeUp() {
        wake.release();
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        boolean failing = false;
        while (running) {
            try {
                // wake-ups until now are covered by this round; later ones keep their permit for the next wait
                wake.drainPermits();
                int count = publishRound();
                if (failing) {
                    LOG.info("Outbox relay reached the broker again");
                    failing = false;
                }
                backoff = Duration.ZERO;
                if (count >= config.batchSize()) {
                    continue; // more rows are waiting
                }
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failedRounds.increment();
                closeProducer();
                backoff = backoff.isZero() ? config.initialBackoff() : min(backoff.multipliedBy(2), config.maxBackoff());
                if (!failing) {
                    LOG.warnf("Outbox relay cannot publish (%s); retrying with backoff up to %s",
                            e.getClass().getSimpleName(), config.maxBackoff());
                    failing = true;
                }
                sleep(backoff);
            }
        }
    }

    /** One round: lock, read a batch of unpublished rows, send them, mark the acknowledged ones. */
    int publishRound() throws SQLException, InterruptedException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!tryLock(connection)) {
                    connection.rollback();
                    return 0; // another instance is publishing this database's rows
                }
                List<Row> rows = read(connection);
                if (rows.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                SendResult result = send(rows);
                mark(connection, result.acknowledged);
                connection.commit();
                record(result.acknowledged);
                if (result.failure != null) {
                    throw new OutboxException("published " + result.acknowledged.size() + " of " + rows.size(),
                            result.failure);
                }
                return rows.size();
            } catch (SQLException | RuntimeException | InterruptedException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private List<Row> read(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setInt(1, config.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return rows;
    }

    private SendResult send(List<Row> rows) throws InterruptedException {
        KafkaProducer<String, byte[]> kafka = producer();
        List<Future<RecordMetadata>> futures = new ArrayList<>(rows.size());
        Exception failure = null;
        // signed as they leave, one signature for the round, so consumers accept them only from this service
        // (docs/security.md)
        List<EventSigner.RecordSignature> signed = signatures.signer().sign(rows.stream()
                .map(row -> new EventSigner.Unsigned(row.topic, row.payload)).toList());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic, row.key, row.payload);
            record.headers().add(EventVerifier.SIGNATURE_HEADER, signed.get(i).signature().getBytes(StandardCharsets.US_ASCII));
            record.headers().add(EventVerifier.PROOF_HEADER, signed.get(i).proof().getBytes(StandardCharsets.US_ASCII));
            if (row.traceparent != null) {
                record.headers().add("traceparent", row.traceparent.getBytes(StandardCharsets.US_ASCII));
            }
            try {
                futures.add(kafka.send(record));
            } catch (RuntimeException e) {
                failure = e; // typically metadata unavailable: later rows would fail the same way
                break;
            }
        }
        List<Row> acknowledged = new ArrayList<>(futures.size());
        long deadline = System.nanoTime() + config.sendTimeout().toNanos() + Duration.ofSeconds(1).toNanos();
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(rows.get(i));
            } catch (ExecutionException | TimeoutException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        return new SendResult(acknowledged, failure);
    }

    private static void mark(Connection connection, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        try (PreparedStatement mark = connection.prepareStatement(MARK)) {
            Array array = connection.createArrayOf("bigint", ids);
            mark.setArray(1, array);
            mark.executeUpdate();
        }
    }

    private void record(List<Row> rows) {
        Instant now = Instant.now();
        for (Row row : rows) {
            lag.record(Duration.between(row.createdAt, now));
        }
        published.increment(rows.size());
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> settings = new HashMap<>(kafkaConfig);
            settings.put(ProducerConfig.CLIENT_ID_CONFIG, config.source() + "-outbox-relay");
            settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            int timeout = (int) config.sendTimeout().toMillis();
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
            settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 5_000));
            settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeout, 5_000));
            settings.keySet().removeIf(key -> !ProducerConfig.configNames().contains(key));
            producer = new KafkaProducer<>(settings);
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debugf("Closing the outbox producer failed: %s", e.getClass().getSimpleName());
            }
            producer = null;
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Row(long id, String topic, String key, byte[] payload, String traceparent, Instant createdAt) {
    }

    private record SendResult(List<Row> acknowledged, Exception failure) {
    }
}
