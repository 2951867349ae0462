package dev.confidant.account.service;

import dev.confidant.account.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys of this token issuer: the active RS256 signing key, and the public keys still published for
 * verification (the active one first, then retired ones).
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    /** A public key with its id, as published in the JWKS. */
    public record PublishedKey(String id, RSAPublicKey key) {
    }

    private final String activeId;
    private final PrivateKey activeKey;
    private final List<PublishedKey> published;

    @Inject
    public SigningKeys(TokenConfig config) {
        try {
            RSAPrivateCrtKey privateKey;
            if (config.signingKey().location().isPresent()) {
                privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                        new PKCS8EncodedKeySpec(pem(read(config.signingKey().location().get()))));
            } else {
                LOG.warn("No confidant.jwt.signing-key.location: signing with a generated key; tokens will not "
                        + "survive a restart");
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                privateKey = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            }
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            activeKey = privateKey;
            activeId = config.signingKey().id().orElse(thumbprint(publicKey));
            List<PublishedKey> keys = new ArrayList<>();
            keys.add(new PublishedKey(activeId, publicKey));
            for (Map.Entry<String, String> retired : new TreeMap<>(config.retiredKeys()).entrySet()) {
                keys.add(new PublishedKey(retired.getKey(), (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(pem(read(retired.getValue()))))));
            }
            published = List.copyOf(keys);
        } catch (GeneralSecurityException | IOException | ClassCastException e) {
            throw new IllegalStateException("the token signing keys cannot be loaded: " + e.getClass().getSimpleName(), e);
        }
    }

    public String activeKeyId() {
        return activeId;
    }

    public PrivateKey activeKey() {
        return activeKey;
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
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] pem(String text) {
        return Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    private static String read(String location) throws IOException {
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
