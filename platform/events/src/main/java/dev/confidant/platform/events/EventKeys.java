package dev.confidant.platform.events;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RSA keys services sign their events with, in the forms configuration holds them: a private key as Base64
 * PKCS#8 (or its PEM, as {@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048} writes it), a public key
 * as Base64 X.509 SubjectPublicKeyInfo (or PEM, {@code openssl pkey -pubout}), and the trusted keys of every producer
 * as {@code producer:publicKey} entries separated by commas.
 */
public final class EventKeys {

    public static final String ALGORITHM = "RSA";

    /**
     * In a trusted-keys list, the name whose key verifies any producer not listed by name: for tests that invent
     * data owners. Never in production (services refuse to start with it).
     */
    public static final String ANY_PRODUCER = "*";

    private EventKeys() {
    }

    /** A fresh key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate RSA keys", e);
        }
    }

    /** Base64 of a key's standard encoding (PKCS#8 for a private key, X.509 for a public key). */
    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Reads a private key; the message of a failure holds no key material. */
    public static PrivateKey privateKey(String text) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA private key (Base64 PKCS#8 or PEM)");
        }
    }

    /** Reads a public key; the message of a failure holds no key material. */
    public static PublicKey publicKey(String text) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA public key (Base64 X.509 or PEM)");
        }
    }

    /**
     * Reads {@code producer:publicKey,producer:publicKey,…}. A producer may be listed more than once: while its key is
     * rotated, both keys verify.
     */
    public static Map<String, List<PublicKey>> trusted(String entries) {
        Map<String, List<PublicKey>> trusted = new LinkedHashMap<>();
        for (KeyedEntries.Entry entry : KeyedEntries.parse(entries, "a trusted key must read producer:publicKey")) {
            PublicKey key;
            try {
                key = publicKey(entry.value());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the trusted key of " + entry.name() + " is " + e.getMessage());
            }
            trusted.computeIfAbsent(entry.name(), name -> new ArrayList<>()).add(key);
        }
        return trusted;
    }

    /** The entry that makes {@code producer} trusted with {@code key}. */
    public static String trustedEntry(String producer, PublicKey key) {
        return producer + ":" + encode(key);
    }

    private static byte[] der(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no key");
        }
        return Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}
