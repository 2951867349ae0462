package dev.confidant.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.confidant.platform.events.RefusedEventException.Reason;

/**
 * Accepts a record only when it is signed by a service the configuration trusts (keys pinned per producer), for the
 * topic it was read from, and that service may produce what it carries (the producer matrix of {@link EventType}),
 * under its own name. Then decodes it with {@link EventCodec}. Thread-safe; share one instance.
 */
public final class EventVerifier {

    /** The record header that carries the signature (see {@link EventSigner}). */
    public static final String HEADER = "confidant-signature";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<PublicKey>> trusted;
    private final EventCodec codec = new EventCodec();

    /** @param trusted each producer's public keys (several while a key is rotated) */
    public EventVerifier(Map<String, List<PublicKey>> trusted) {
        this.trusted = Map.copyOf(trusted);
    }

    /** The producers whose keys are configured. */
    public java.util.Set<String> producers() {
        return trusted.keySet();
    }

    /**
     * The envelope of a record read from {@code topic}.
     *
     * @param signature the {@value #HEADER} header's value, or {@code null}
     * @throws RefusedEventException when any check fails; nothing of the record should then take effect
     */
    public EventEnvelope<?> verify(String topic, byte[] value, byte[] signature) {
        if (signature == null || signature.length == 0) {
            throw new RefusedEventException(Reason.UNSIGNED, "the record is not signed");
        }
        String compact = new String(signature, StandardCharsets.US_ASCII);
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3 || !parts[1].isEmpty() || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new RefusedEventException(Reason.MALFORMED_SIGNATURE, "the signature is not a detached JWS");
        }
        JsonNode header;
        byte[] signatureBytes;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            signatureBytes = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IOException | IllegalArgumentException e) {
            throw new RefusedEventException(Reason.MALFORMED_SIGNATURE, "the signature header is not Base64URL JSON");
        }
        if (header == null || !"EdDSA".equals(header.path("alg").asText()) || !header.path("b64").isBoolean()
                || header.path("b64").booleanValue()) {
            throw new RefusedEventException(Reason.MALFORMED_SIGNATURE, "the signature is not EdDSA over the raw value");
        }
        String producer = header.path("iss").asText("");
        List<PublicKey> keys = trusted.getOrDefault(producer, trusted.get(EventKeys.ANY_PRODUCER));
        if (keys == null || producer.isEmpty() || producer.equals(EventKeys.ANY_PRODUCER)) {
            throw new RefusedEventException(Reason.UNKNOWN_PRODUCER, "no key is trusted for the producer '"
                    + printable(producer) + "'");
        }
        if (!verifies(keys, parts[0], value == null ? new byte[0] : value, signatureBytes)) {
            throw new RefusedEventException(Reason.BAD_SIGNATURE, "the signature of " + producer + " does not verify");
        }
        if (!topic.equals(header.path("topic").asText())) {
            throw new RefusedEventException(Reason.WRONG_TOPIC, producer + " signed the record for another topic");
        }
        EventEnvelope<?> envelope;
        try {
            envelope = codec.decode(value);
        } catch (EventFormatException e) {
            throw new RefusedEventException(Reason.UNREADABLE, producer + " signed an invalid event: " + e.getMessage());
        }
        if (!producer.equals(envelope.source())) {
            throw new RefusedEventException(Reason.IMPERSONATION, producer + " signed an event in the name of "
                    + printable(envelope.source()));
        }
        if (!EventTypes.mayProduce(producer, envelope.payload().getClass())) {
            throw new RefusedEventException(Reason.NOT_A_PRODUCER, producer + " may not produce " + envelope.type());
        }
        if (!topic.equals(envelope.topic())) {
            throw new RefusedEventException(Reason.WRONG_TOPIC, envelope.type() + " does not travel on " + topic);
        }
        if (envelope.payload() instanceof ProducerNamed named && !producer.equals(named.owner())) {
            throw new RefusedEventException(Reason.IMPERSONATION, producer + " signed " + envelope.type()
                    + " in the name of " + printable(named.owner()));
        }
        return envelope;
    }

    private static boolean verifies(List<PublicKey> keys, String header, byte[] value, byte[] signatureBytes) {
        for (PublicKey key : keys) {
            try {
                Signature signature = Signature.getInstance(EventKeys.ALGORITHM);
                signature.initVerify(key);
                EventSigner.signingInput(signature, header, value);
                if (signature.verify(signatureBytes)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature verifies with no key
            }
        }
        return false;
    }

    /** A name from an untrusted record, cut and reduced to safe characters before it reaches a log. */
    private static String printable(String name) {
        String safe = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
    }
}
