package dev.confidant.platform.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs the records a service publishes, a batch at a time: the leaves of a Merkle tree ({@link MerkleTree}) are the
 * records' topics and values, and one RS256 JWS over the root covers them all. Each record carries that JWS in the
 * header {@value EventVerifier#SIGNATURE_HEADER} and its own audit path in {@value EventVerifier#PROOF_HEADER}, so the
 * value stays the readable JSON envelope and signing costs one RSA signature per relay round, not per record
 * (docs/benchmarks.md: event signatures). Thread-safe.
 */
public final class EventSigner {

    /** A record to sign: the topic it goes to and its value. */
    public record Unsigned(String topic, byte[] value) {
    }

    /** What a signed record carries: the batch's JWS and the record's proof of membership. */
    public record RecordSignature(String signature, String proof) {
    }

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    static final String HEADER_JSON = "{\"alg\":\"RS256\",\"typ\":\"confidant-batch+jws\"}";

    private final String producer;
    private final PrivateKey key;

    public EventSigner(String producer, PrivateKey key) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.key = Objects.requireNonNull(key, "key");
        if (!producer.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("a producer name is lower-case letters, digits and dashes");
        }
        if (!(key instanceof RSAKey rsa) || rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("event signing keys are RSA, 2048 bits or more");
        }
    }

    /** Signs one record on its own (a batch of one). */
    public RecordSignature sign(String topic, byte[] value) {
        return sign(List.of(new Unsigned(topic, value))).get(0);
    }

    /** Signs a batch with one signature; the answer is in the batch's order. */
    public List<RecordSignature> sign(List<Unsigned> batch) {
        List<byte[]> leaves = new ArrayList<>(batch.size());
        for (Unsigned record : batch) {
            leaves.add(MerkleTree.leaf(record.topic(), record.value()));
        }
        MerkleTree tree = new MerkleTree(leaves);
        String payload = "{\"iss\":\"" + producer + "\",\"root\":\"" + BASE64URL.encodeToString(tree.root())
                + "\",\"size\":" + batch.size() + "}";
        String input = BASE64URL.encodeToString(HEADER_JSON.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        String jws;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            jws = input + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign events: " + e.getClass().getSimpleName(), e);
        }
        List<RecordSignature> signatures = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            StringBuilder proof = new StringBuilder().append(i).append(':');
            List<byte[]> path = tree.path(i);
            for (int j = 0; j < path.size(); j++) {
                proof.append(j == 0 ? "" : ".").append(BASE64URL.encodeToString(path.get(j)));
            }
            signatures.add(new RecordSignature(jws, proof.toString()));
        }
        return signatures;
    }
}
