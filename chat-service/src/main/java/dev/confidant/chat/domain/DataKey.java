package dev.confidant.chat.domain;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * An AES-256 key and AES-GCM with it: 12-byte random IV, 128-bit tag, and associated data binding a ciphertext to the
 * row it belongs to. The output is IV followed by ciphertext and tag.
 */
public final class DataKey {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;

    public DataKey(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /** A new random key. */
    public static DataKey generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new DataKey(bytes);
    }

    public byte[] bytes() {
        return key.getEncoded();
    }

    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        try {
            byte[] iv = new byte[IV_LENGTH];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(IV_LENGTH + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** @throws GeneralSecurityException when the key, the data or the associated data do not match */
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext.length < IV_LENGTH + TAG_BITS / 8) {
            throw new javax.crypto.AEADBadTagException("too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_LENGTH));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(ciphertext, IV_LENGTH, ciphertext.length - IV_LENGTH);
    }

    /** The associated data for a row identified by {@code id}. */
    public static byte[] associatedData(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
