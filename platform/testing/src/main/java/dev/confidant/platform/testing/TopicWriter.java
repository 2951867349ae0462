package dev.confidant.platform.testing;

import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Publishes events to the suite's broker as another service would: encoded, on their topic, under their key. */
public final class TopicWriter {

    private TopicWriter() {
    }

    /** Sends each envelope and waits until the broker has it. */
    public static void send(EventEnvelope<?>... envelopes) {
        EventCodec codec = new EventCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (EventEnvelope<?> envelope : envelopes) {
                producer.send(new ProducerRecord<>(envelope.topic(), envelope.recordKey(), codec.encode(envelope))).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish: " + e.getCause(), e);
        }
    }
}
