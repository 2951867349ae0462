package dev.confidant.chat.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A file is what its content says, whatever its name or declared type. */
class FileTypeTest {

    @Test
    void allowedTypesAreRecognisedByTheirSignature() {
        assertEquals(Optional.of(FileType.PNG), FileType.of(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0)));
        assertEquals(Optional.of(FileType.JPEG), FileType.of(bytes(0xFF, 0xD8, 0xFF, 0xE0)));
        assertEquals(Optional.of(FileType.GIF), FileType.of("GIF89a...".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of(FileType.GIF), FileType.of("GIF87a...".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of(FileType.WEBP), FileType.of("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of(FileType.PDF), FileType.of("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of(FileType.TEXT), FileType.of("notes\r\n\tline two — 第二行\f".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anythingElseIsRefused() {
        assertEquals(Optional.empty(), FileType.of(new byte[0]));
        assertEquals(Optional.empty(), FileType.of(bytes('M', 'Z', 0x90, 0)), "an executable");
        assertEquals(Optional.empty(), FileType.of("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII)),
                "RIFF but not WebP");
        assertEquals(Optional.empty(), FileType.of(bytes(0x89, 'P', 'N', 'G')), "a truncated signature");
        assertEquals(Optional.empty(), FileType.of("text\0with a NUL".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), FileType.of("bell\u0007".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), FileType.of("del\u007F".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), FileType.of(bytes(0xC3, 0x28)), "malformed UTF-8");
        assertEquals(Optional.empty(), FileType.of("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)).filter(
                t -> t != FileType.TEXT), "markup is at most plain text, never an image");
    }

    @Test
    void textIsServedAsUtf8PlainText() {
        assertEquals("text/plain; charset=utf-8", FileType.TEXT.mediaType());
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
