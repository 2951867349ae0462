package dev.confidant.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.confidant.platform.events.RefusedEventException.Reason;

/**
 * Accepts a record only when it is signed by a service the configuration trusts (keys pinned per producer), for the
 * topic it was read from, and that service may produce what it carries (the producer matrix of {@link EventType}),
 * under its own name. Then decodes it with {@link EventCodec}. See {@link EventSigner} for the format. Thread-safe;
 * share one instance.
 */
public final class EventVerifier {

    /** The record header that carries the batch's JWS. */
    public static final String SIGNATURE_HEADER = "confidant-signature";
    /** The record header that carries the record's place in the batch and its audit path. */
    public static final String PROOF_HEADER = "confidant-proof";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LARGEST_BATCH = 1 << 20;

    private static final int REMEMBERED = 1024;

    private final Map<String, List<PublicKey>> trusted;
    private final EventCodec codec = new EventCodec();
    private final Map<String, Batch> verified = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Batch> eldest) {
                    return size() > REMEMBERED;
                }
            });

    /** @param trusted each producer's public keys (several while a key is rotated) */
    public EventVerifier(Map<String, List<PublicKey>> trusted) {
        this.trusted = Map.copyOf(trusted);
    }

    /**
     * The envelope of a record read from {@code topic}.
     *
     * @param signature the {@value #SIGNATURE_HEADER} header's value, or {@code null}
     * @param proof     the {@value #PROOF_HEADER} header's value, or {@code null}
     * @throws RefusedEventException when any check fails; nothing of the record should then take effect
     */
    public EventEnvelope<?> verify(String topic, byte[] value, byte[] signature, byte[] proof) {
        if (signature == null || signature.length == 0 || proof == null || proof.length == 0) {
            throw new RefusedEventException(Reason.UNSIGNED, "the record is not signed");
        }
        Batch batch = batchOf(new String(signature, StandardCharsets.US_ASCII));
        String producer = batch.producer();
        byte[] leaf = MerkleTree.leaf(topic, value == null ? new byte[0] : value);
        if (!MessageDigest.isEqual(batch.root(), rootOf(leaf, batch.size(), new String(proof, StandardCharsets.US_ASCII)))) {
            throw new RefusedEventException(Reason.BAD_SIGNATURE, "the record is not one " + producer
                    + " signed for this topic: forged, changed or moved");
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

    /** A batch signature that verified: who signed which root over how many records. */
    private record Batch(String producer, byte[] root, int size) {
    }

    /**
     * The batch a compact JWS signs, verified. The records of one relay round share their JWS, so a verified one is
     * remembered (the last {@value #REMEMBERED} of them) and the RSA verification runs once per round, not per record.
     */
    private Batch batchOf(String compact) {
        Batch known = verified.get(compact);
        if (known != null) {
            return known;
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new RefusedEventException(Reason.MALFORMED_SIGNATURE, "the signature is not a compact JWS");
        }
        JsonNode header;
        JsonNode batch;
        byte[] root;
        byte[] signatureBytes;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            batch = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            root = Base64.getUrlDecoder().decode(batch.path("root").asText(""));
            signatureBytes = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new RefusedEventException(Reason.MALFORMED_SIGNATURE, "the signature is not Base64URL JSON");
        }
        int size = batch.path("size").asInt(0);
        if (!"RS256".equals(header.path("alg").asText()) || root.length != 32 || size < 1 || size > LARGEST_BATCH
                || !batch.path("iss").isTextual()) {
            throw new RefusedEventException(Reason.MALFORMED_SIGNATURE, "the signature is not an RS256 batch signature");
        }
        String producer = batch.path("iss").asText();
        List<PublicKey> keys = trusted.getOrDefault(producer, trusted.get(EventKeys.ANY_PRODUCER));
        if (keys == null || producer.isEmpty() || producer.equals(EventKeys.ANY_PRODUCER)) {
            throw new RefusedEventException(Reason.UNKNOWN_PRODUCER, "no key is trusted for the producer '"
                    + printable(producer) + "'");
        }
        if (!verifies(keys, parts[0] + "." + parts[1], signatureBytes)) {
            throw new RefusedEventException(Reason.BAD_SIGNATURE, "the signature of " + producer + " does not verify: "
                    + "forged, or signed by a key nobody trusts");
        }
        Batch verifiedBatch = new Batch(producer, root, size);
        verified.put(compact, verifiedBatch);
        return verifiedBatch;
    }

    /** The root the record's proof ({@code index:hash.hash…}) leads to; a malformed proof leads nowhere. */
    private static byte[] rootOf(byte[] leaf, int size, String proof) {
        int colon = proof.indexOf(':');
        try {
            int index = Integer.parseInt(proof.substring(0, Math.max(colon, 0)));
            String hashes = proof.substring(colon + 1);
            List<byte[]> path = new ArrayList<>();
            if (!hashes.isEmpty()) {
                for (String hash : hashes.split("\\.", -1)) {
                    path.add(Base64.getUrlDecoder().decode(hash));
                }
            }
            return MerkleTree.rootFrom(index, size, leaf, path);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return new byte[0];
        }
    }

    private static boolean verifies(List<PublicKey> keys, String input, byte[] signatureBytes) {
        for (PublicKey key : keys) {
            try {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initVerify(key);
                signature.update(input.getBytes(StandardCharsets.US_ASCII));
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
