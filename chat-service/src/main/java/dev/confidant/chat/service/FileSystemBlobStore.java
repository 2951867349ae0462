package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The default blob store ({@link BlobStores}): a directory (a PersistentVolume in Kubernetes), {@code <subject>/<upload id>}. A file is
 * written under a temporary name and moved into place, so a failed write leaves no partial file under a real name.
 */
public class FileSystemBlobStore implements BlobStore {

    private final Path root;

    public FileSystemBlobStore(ChatConfig config) {
        root = Path.of(config.blobDirectory()).toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("the blob directory cannot be created", e);
        }
    }

    @Override
    public String name() {
        return "chat-blobs";
    }

    @Override
    public void write(UUID subject, UUID id, Content content) {
        Path target = path(subject, id);
        Path temporary = target.resolveSibling(id + ".partial");
        try {
            Files.createDirectories(target.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 64 * 1024)) {
                content.writeTo(out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write already failed; the caller is told about that
            }
            throw new UncheckedIOException("could not store a file", e);
        }
    }

    @Override
    public Optional<byte[]> get(UUID subject, UUID id) {
        try {
            return Optional.of(Files.readAllBytes(path(subject, id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read a file", e);
        }
    }

    @Override
    public boolean delete(UUID subject, UUID id) {
        try {
            return Files.deleteIfExists(path(subject, id));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete a file", e);
        }
    }

    @Override
    public long deleteAll(UUID subject) {
        Path directory = root.resolve(subject.toString());
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.toList();
            long deleted = 0;
            for (Path file : all) {
                if (Files.deleteIfExists(file) && !file.getFileName().toString().endsWith(".partial")) {
                    deleted++;
                }
            }
            Files.deleteIfExists(directory);
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete a subject's files", e);
        }
    }

    private Path path(UUID subject, UUID id) {
        return root.resolve(subject.toString()).resolve(id.toString());
    }
}
