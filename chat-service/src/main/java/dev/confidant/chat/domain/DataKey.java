package dev.confidant.chat.domain;

import dev.confidant.platform.events.Randomness;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * An AES-256 key and AES-GCM with it: 12-byte random IV, 128-bit tag, and associated data binding a ciphertext to the
 * row it belongs to. The output is IV followed by ciphertext and tag. Keys and IVs come from a generator per thread
 * ({@link Randomness}).
 */
public final class DataKey {

    private static final int IV_LENGTH = 12;
    private static final int STREAM_CHUNK = 64 * 1024;
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
        Randomness.nextBytes(bytes);
        return new DataKey(bytes);
    }

    public byte[] bytes() {
        return key.getEncoded();
    }

    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        try {
            byte[] iv = new byte[IV_LENGTH];
            byte[] sealed = encrypter(iv, associatedData).doFinal(plaintext);
            return ByteBuffer.allocate(IV_LENGTH + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * Encrypts {@code plaintext} into {@code sink} as it is read, 64 KiB at a time: the same format as
     * {@link #encrypt(byte[], byte[])} (IV, ciphertext, tag), without ever holding the whole content.
     */
    public void encrypt(InputStream plaintext, OutputStream sink, byte[] associatedData) throws IOException {
        try {
            byte[] iv = new byte[IV_LENGTH];
            Cipher cipher = encrypter(iv, associatedData);
            sink.write(iv);
            byte[] buffer = new byte[STREAM_CHUNK];
            byte[] sealed = new byte[STREAM_CHUNK + TAG_BITS / 8];
            int read;
            while ((read = plaintext.read(buffer)) > 0) {
                sink.write(sealed, 0, cipher.update(buffer, 0, read, sealed));
            }
            sink.write(sealed, 0, cipher.doFinal(sealed, 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** A cipher ready to encrypt under a fresh random IV, written into {@code iv}. */
    private Cipher encrypter(byte[] iv, byte[] associatedData) throws GeneralSecurityException {
        Randomness.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(associatedData);
        return cipher;
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
