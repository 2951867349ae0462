package dev.confidant.platform.runtime.signing;

import io.quarkus.runtime.LaunchMode;
import org.jboss.logging.Logger;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A service's RS256 signing keys: the active private key, and the public keys it publishes as a JSON Web Key Set
 * (the active one first, then retired ones that still verify what they signed). Access tokens, consent receipts
 * and erasure certificates are all signed this way, each service with its own keys.
 */
public final class JwsKeySet {

    private static final Logger LOG = Logger.getLogger(JwsKeySet.class);

    /** A public key with its id, as published in the JWKS. */
    public record PublishedKey(String id, RSAPublicKey key) {
    }

    private final String activeId;
    private final PrivateKey activeKey;
    private final List<PublishedKey> published;

    private JwsKeySet(String activeId, PrivateKey activeKey, List<PublishedKey> published) {
        this.activeId = activeId;
        this.activeKey = activeKey;
        this.published = published;
    }

    /**
     * Loads the keys.
     *
     * @param use         what the keys sign, for messages ("token", "receipt")
     * @param location    a PKCS#8 PEM private key (file path, {@code file:} URI or classpath resource); without one a
     *                    key is generated in dev and test (what it signed dies with the process), and production
     *                    refuses to start
     * @param id          the key id ({@code kid}); by default the key's RFC 7638 thumbprint
     * @param retiredKeys earlier keys by key id → public key PEM location, still published for verification
     */
    public static JwsKeySet load(String use, Optional<String> location, Optional<String> id,
                                 Map<String, String> retiredKeys) {
        return load(use, location, id, retiredKeys, LaunchMode.current());
    }

    static JwsKeySet load(String use, Optional<String> location, Optional<String> id, Map<String, String> retiredKeys,
                          LaunchMode mode) {
        try {
            RSAPrivateCrtKey privateKey;
            if (location.isPresent()) {
                privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                        new PKCS8EncodedKeySpec(pem(read(location.get()))));
            } else {
                if (mode == LaunchMode.NORMAL) {
                    // fail closed: what a generated key signs stops verifying at the next restart
                    throw new IllegalStateException("no " + use + " signing key configured; production needs one "
                            + "(docs/operations.md)");
                }
                LOG.warnf("No %s signing key configured: signing with a generated key; signatures will not verify "
                        + "after a restart", use);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                privateKey = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            }
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            String activeId = id.orElse(thumbprint(publicKey));
            List<PublishedKey> keys = new ArrayList<>();
            keys.add(new PublishedKey(activeId, publicKey));
            for (Map.Entry<String, String> retired : new TreeMap<>(retiredKeys).entrySet()) {
                keys.add(new PublishedKey(retired.getKey(), (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(pem(read(retired.getValue()))))));
            }
            return new JwsKeySet(activeId, privateKey, List.copyOf(keys));
        } catch (GeneralSecurityException | IOException | ClassCastException e) {
            throw new IllegalStateException("the " + use + " signing keys cannot be loaded: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    public String activeKeyId() {
        return activeId;
    }

    public PrivateKey activeKey() {
        return activeKey;
    }

    /** Every published key, the active one first. */
    public List<PublishedKey> published() {
        return published;
    }

    /** The JSON Web Key Set of every published key (RFC 7517). */
    public Map<String, Object> jwks() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (PublishedKey key : published) {
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("kid", key.id());
            jwk.put("n", base64Url(key.key().getModulus().toByteArray()));
            jwk.put("e", base64Url(key.key().getPublicExponent().toByteArray()));
            keys.add(jwk);
        }
        return Map.of("keys", keys);
    }

    /**
     * A compact RS256 JWS over {@code payloadJson} with the active key's id. No expiry is added: a receipt or a
     * certificate stays verifiable as long as its key is published.
     */
    public String sign(String payloadJson, String contentType) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payloadJson);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(activeId);
        if (contentType != null) {
            jws.setContentTypeHeaderValue(contentType);
        }
        jws.setKey(activeKey);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign: " + e.getMessage(), e);
        }
    }

    /** RFC 7638 thumbprint: SHA-256 of the canonical JWK members. */
    static String thumbprint(RSAPublicKey key) throws GeneralSecurityException {
        String canonical = "{\"e\":\"" + base64Url(key.getPublicExponent().toByteArray()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(key.getModulus().toByteArray()) + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** Unsigned big-endian, as JWK wants: drop the sign byte Java adds. */
    private static String base64Url(byte[] twosComplement) {
        byte[] bytes = twosComplement;
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] pem(String text) {
        return Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    /** The text at a file path, {@code file:} URI or classpath resource. */
    static String read(String location) throws IOException {
        String path = location.startsWith("file:") ? Path.of(java.net.URI.create(location)).toString() : location;
        Path file = Path.of(path);
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII);
        }
        String resource = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no key at " + location);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
