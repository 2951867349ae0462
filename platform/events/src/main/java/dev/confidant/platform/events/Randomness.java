package dev.confidant.platform.events;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Cryptographically strong random ids and bytes from a generator per thread. The JDK's default {@code SecureRandom}
 * on Linux (and the one behind {@link UUID#randomUUID()}) is one generator behind one lock for the whole process: under
 * load, request threads queue for it (retention-service's erasure intake did: docs/benchmarks.md). Each thread here
 * has its own DRBG (NIST SP 800-90A), seeded from the operating system's entropy.
 */
public final class Randomness {

    private static final ThreadLocal<SecureRandom> GENERATOR = ThreadLocal.withInitial(Randomness::generator);

    private Randomness() {
    }

    /** A random (version 4) UUID. */
    public static UUID uuid() {
        byte[] bytes = new byte[16];
        GENERATOR.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low);
    }

    /** Fills {@code bytes} with random bytes. */
    public static void nextBytes(byte[] bytes) {
        GENERATOR.get().nextBytes(bytes);
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // a JDK without DRBG: its default, shared
        }
    }
}
