package dev.confidant.platform.testing;

import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.EventSigner;
import dev.confidant.platform.events.EventVerifier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Publishes events to the suite's broker as another service would: encoded, signed with that service's test key
 * ({@link TestEventKeys}), on their topic, under their key. The other methods write what an attacker with access to
 * the broker could: unsigned records, records signed by someone else, or any bytes at all.
 */
public final class TopicWriter {

    private static final EventCodec CODEC = new EventCodec();

    private TopicWriter() {
    }

    /** Sends each envelope signed by its source, and waits until the broker has it. */
    public static void send(EventEnvelope<?>... envelopes) {
        for (EventEnvelope<?> envelope : envelopes) {
            sendSignedBy(TestEventKeys.signer(envelope.source()), envelope);
        }
    }

    /** Sends an envelope signed by {@code signer}, whoever its source says it is from. */
    public static void sendSignedBy(EventSigner signer, EventEnvelope<?> envelope) {
        byte[] value = CODEC.encode(envelope);
        sendRaw(envelope.topic(), envelope.recordKey(), value, signer.sign(envelope.topic(), value));
    }

    /** Sends an envelope without a signature. */
    public static void sendUnsigned(EventEnvelope<?> envelope) {
        sendRaw(envelope.topic(), envelope.recordKey(), CODEC.encode(envelope), null);
    }

    /** Sends any value with any signature headers ({@code null}: none). */
    public static void sendRaw(String topic, String key, byte[] value, EventSigner.RecordSignature signature) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            if (signature != null) {
                record.headers().add(EventVerifier.SIGNATURE_HEADER, signature.signature().getBytes(StandardCharsets.US_ASCII));
                record.headers().add(EventVerifier.PROOF_HEADER, signature.proof().getBytes(StandardCharsets.US_ASCII));
            }
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish: " + e.getCause(), e);
        }
    }
}
