package dev.confidant.chat.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An upload goes from disk through the type check and the cipher to the store without being held whole. */
class StreamingUploadTest {

    private static final int TEN_MB = 10 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void streamedEncryptionHasTheSameFormatAndDecrypts() throws Exception {
        DataKey key = DataKey.generate();
        byte[] content = new byte[1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        byte[] associated = DataKey.associatedData(UUID.randomUUID());
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        key.encrypt(new ByteArrayInputStream(content), sealed, associated);
        assertEquals(key.encrypt(content, associated).length, sealed.size(), "IV, ciphertext and tag, as before");
        assertArrayEquals(content, key.decrypt(sealed.toByteArray(), associated));
    }

    @Test
    void encryptingTenMegabytesAllocatesLessThanAMegabyte() throws Exception {
        DataKey key = DataKey.generate();
        byte[] associated = DataKey.associatedData(UUID.randomUUID());
        key.encrypt(new ByteArrayInputStream(new byte[1024]), OutputStream.nullOutputStream(), associated); // warm-up
        long before = allocated();
        key.encrypt(zeros(TEN_MB), OutputStream.nullOutputStream(), associated);
        long used = allocated() - before;
        assertTrue(used < 1024 * 1024, "allocated " + used + " bytes to encrypt 10 MB");
    }

    @Test
    void aTenMegabyteTextFileIsRecognisedWithoutReadingItWhole() throws Exception {
        Path text = dir.resolve("notes.txt");
        // "é" is two bytes: some fall across the boundary between two reads
        byte[] line = "une ligne de texte accentué, encore une\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(text)) {
            for (int written = 0; written < TEN_MB; written += line.length) {
                out.write(line);
            }
        }
        FileType.of(Files.createFile(dir.resolve("warm-up.txt"))); // warm-up
        long before = allocated();
        Optional<FileType> type = FileType.of(text);
        long used = allocated() - before;
        assertEquals(Optional.of(FileType.TEXT), type);
        assertTrue(used < 1024 * 1024, "allocated " + used + " bytes to check 10 MB");
    }

    @Test
    void aControlCharacterOrBrokenUtf8AnywhereMakesItNotText() throws Exception {
        byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        body[150_000] = 0x01;
        assertEquals(Optional.empty(), FileType.of(Files.write(dir.resolve("control.txt"), body)));
        byte[] truncated = "fin: é".getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), FileType.of(Files.write(dir.resolve("cut.txt"),
                java.util.Arrays.copyOf(truncated, truncated.length - 1))));
        assertEquals(Optional.empty(), FileType.of(Files.write(dir.resolve("empty.txt"), new byte[0])));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0};
        assertEquals(Optional.of(FileType.PNG), FileType.of(Files.write(dir.resolve("a.png"), png)));
    }

    private static InputStream zeros(int length) {
        return new InputStream() {
            private int left = length;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (left <= 0) {
                    return -1;
                }
                int n = Math.min(count, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
