package dev.confidant.chat.service;

import java.util.Optional;
import java.util.UUID;

/** Where upload files are kept (the second store besides the database). Files are grouped by subject. */
public interface BlobStore {

    /** The store's name in the data map. */
    String name();

    /** Stores {@code content} whole (written aside, then moved into place). */
    void put(UUID subject, UUID id, byte[] content);

    Optional<byte[]> get(UUID subject, UUID id);

    /** Whether a file was there. */
    boolean delete(UUID subject, UUID id);

    /** Deletes every file of the subject; returns how many there were. */
    long deleteAll(UUID subject);
}
