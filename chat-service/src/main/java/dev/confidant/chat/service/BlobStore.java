package dev.confidant.chat.service;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;

/** Where upload files are kept (the second store besides the database). Files are grouped by subject. */
public interface BlobStore {

    /** The store's name in the data map. */
    String name();

    /** Writes a file's content to the stream it is given. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Stores what {@code content} writes, streamed (written aside, then moved into place). */
    void write(UUID subject, UUID id, Content content);

    /** Stores {@code content} whole. */
    default void put(UUID subject, UUID id, byte[] content) {
        write(subject, id, out -> out.write(content));
    }

    Optional<byte[]> get(UUID subject, UUID id);

    /** Whether a file was there. */
    boolean delete(UUID subject, UUID id);

    /** Deletes every file of the subject; returns how many there were. */
    long deleteAll(UUID subject);
}
