package dev.confidant.chat.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The file types an upload may have, recognised by their content (magic bytes), never by what the client declares. */
public enum FileType {
    PNG("image/png"),
    JPEG("image/jpeg"),
    GIF("image/gif"),
    WEBP("image/webp"),
    PDF("application/pdf"),
    TEXT("text/plain; charset=utf-8");

    private final String mediaType;

    FileType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** What the content is, if it is one of the allowed types. */
    public static Optional<FileType> of(byte[] content) {
        if (starts(content, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (starts(content, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (starts(content, 'G', 'I', 'F', '8', '7', 'a') || starts(content, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (content.length >= 12 && starts(content, 'R', 'I', 'F', 'F') && content[8] == 'W' && content[9] == 'E'
                && content[10] == 'B' && content[11] == 'P') {
            return Optional.of(WEBP);
        }
        if (starts(content, '%', 'P', 'D', 'F', '-')) {
            return Optional.of(PDF);
        }
        return isPlainText(content) ? Optional.of(TEXT) : Optional.empty();
    }

    /**
     * What the file is, if it is one of the allowed types: its first bytes for the binary types, and for plain text
     * the whole file checked as it is read, 64 KiB at a time, never held whole.
     */
    public static Optional<FileType> of(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        }
        Optional<FileType> binary = of(head).filter(type -> type != TEXT);
        if (binary.isPresent()) {
            return binary;
        }
        return isPlainText(file) ? Optional.of(TEXT) : Optional.empty();
    }

    private static final int HEAD = 16;
    private static final int CHUNK = 64 * 1024;

    private static boolean isPlainText(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK + 4); // room for a character split between two reads
        CharBuffer chars = CharBuffer.allocate(CHUNK + 4);
        boolean any = false;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            int read;
            while ((read = in.read(buffer)) > 0) {
                any = true;
                bytes.put(buffer, 0, read).flip();
                if (decoder.decode(bytes, chars, false).isError() || hasControl(chars)) {
                    return false;
                }
                bytes.compact();
            }
            bytes.flip();
            if (decoder.decode(bytes, chars, true).isError() || decoder.flush(chars).isError() || bytes.hasRemaining()
                    || hasControl(chars)) {
                return false;
            }
        }
        return any;
    }

    /** Checks and empties {@code chars}. */
    private static boolean hasControl(CharBuffer chars) {
        chars.flip();
        boolean control = false;
        while (chars.hasRemaining()) {
            control |= isControl(chars.get());
        }
        chars.clear();
        return control;
    }

    private static boolean isControl(int c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F;
    }

    /** Valid UTF-8 without NUL or other control characters besides tab, line feed, carriage return, form feed. */
    static boolean isPlainText(byte[] content) {
        if (content.length == 0) {
            return false;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        return text.chars().noneMatch(FileType::isControl);
    }

    private static boolean starts(byte[] content, int... prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((content[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
