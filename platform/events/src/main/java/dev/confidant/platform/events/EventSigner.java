package dev.confidant.platform.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs the records a service publishes. The signature travels in the record header
 * {@value EventVerifier#HEADER} as a JWS with a detached, unencoded payload (RFC 7515 appendix F, RFC 7797):
 * {@code BASE64URL(header)..BASE64URL(signature)}, where the protected header names the algorithm (EdDSA), the
 * producer ({@code iss}) and the topic, and the signature covers the header and the record value byte for byte.
 * Any JOSE library can check it; the value stays the readable JSON envelope. Thread-safe.
 */
public final class EventSigner {

    private final String producer;
    private final PrivateKey key;

    public EventSigner(String producer, PrivateKey key) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.key = Objects.requireNonNull(key, "key");
        if (!producer.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("a producer name is lower-case letters, digits and dashes");
        }
        if (!EventKeys.ALGORITHM.equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("event signing keys are Ed25519");
        }
    }

    /** The service this signer speaks for. */
    public String producer() {
        return producer;
    }

    /** The header value for {@code value} published on {@code topic}. */
    public String sign(String topic, byte[] value) {
        String header = BASE64URL.encodeToString(protectedHeader(producer, topic).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance(EventKeys.ALGORITHM);
            signature.initSign(key);
            signingInput(signature, header, value);
            return header + ".." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign an event: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Feeds the JWS signing input of an unencoded payload: {@code ASCII(header) || '.' || value}. */
    static void signingInput(Signature signature, String header, byte[] value) throws GeneralSecurityException {
        signature.update(header.getBytes(StandardCharsets.US_ASCII));
        signature.update((byte) '.');
        signature.update(value);
    }

    /** The protected header: fixed members, in a fixed order; producer names and topics need no escaping. */
    static String protectedHeader(String producer, String topic) {
        return "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iss\":\"" + producer + "\",\"topic\":\""
                + topic + "\"}";
    }

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
}
