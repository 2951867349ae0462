package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.ConversationStatus;
import dev.confidant.chat.domain.DataKey;
import dev.confidant.chat.domain.FileName;
import dev.confidant.chat.domain.FileType;
import dev.confidant.chat.domain.Upload;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.scheduling.ScheduledOnce;
import dev.confidant.platform.runtime.tx.AfterCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Uploads into a conversation: size and type checked (the type from the content's magic bytes), the name
 * sanitised, the content encrypted under the subject's key into the blob store, the row in the database. A refused
 * upload leaves neither; a rolled-back one has its file removed.
 */
@ApplicationScoped
public class Uploads {

    /** A decrypted file for download. */
    public record Download(Upload upload, String name, byte[] content) {
    }

    private static final int NAME_BATCH = 500;

    @Inject
    ScheduledOnce once;

    @Inject
    Conversations conversations;

    @Inject
    SubjectKeys keys;

    @Inject
    BlobStore blobs;

    @Inject
    Outbox outbox;

    @Inject
    AfterCommit afterCommit;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    ChatConfig config;

    @Inject
    UploadQuota quota;

    @Inject
    Clock clock;

    @Transactional
    public Upload store(UUID subject, UUID conversationId, String fileName, Path file) {
        Conversation conversation = conversations.get(subject, conversationId);
        if (conversation.status == ConversationStatus.CLOSED) {
            throw ProblemException.conflict("the conversation is closed; open a new one");
        }
        long size = size(file);
        if (size > config.maxUploadSize().asLongValue()) {
            throw ProblemException.payloadTooLarge("files may be at most " + config.maxUploadSize().asLongValue()
                    + " bytes");
        }
        FileType type = typeOf(file).orElseThrow(() -> ProblemException.unsupportedMediaType(
                "only PNG, JPEG, GIF, WebP, PDF and plain-text files may be uploaded"));
        quota.check(subject, size);
        Upload upload = new Upload();
        upload.id = Randomness.uuid();
        upload.subjectId = subject;
        upload.conversationId = conversation.id;
        upload.contentType = type.mediaType();
        upload.size = size;
        upload.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        DataKey key = keys.keyFor(subject);
        upload.nameCiphertext = key.encrypt(FileName.sanitise(fileName).getBytes(StandardCharsets.UTF_8),
                nameContext(upload.id));
        // streamed from the request's temporary file through the cipher into the store: never held whole
        blobs.write(subject, upload.id, out -> {
            try (InputStream in = Files.newInputStream(file)) {
                key.encrypt(in, out, DataKey.associatedData(upload.id));
            }
        });
        removeFileIfRolledBack(upload);
        upload.persist();
        conversation.lastActivityAt = upload.createdAt;
        outbox.publish(subject, new PersonalDataCreated(DataCategories.CHAT_UPLOAD, blobs.name(),
                "upload/" + upload.id, upload.createdAt, null));
        return upload;
    }

    /** The owner's download; another subject's file is 404. */
    @Transactional
    public Download download(UUID subject, UUID uploadId) {
        Upload upload = Upload.<Upload>findByIdOptional(uploadId).filter(u -> u.subjectId.equals(subject))
                .orElseThrow(() -> ProblemException.notFound("no such file"));
        return decrypted(upload);
    }

    /** An agent's download: only from a conversation the agent has taken, and logged. */
    @Transactional
    public Download downloadAsAgent(UUID agent, UUID uploadId) {
        Upload upload = Upload.<Upload>findByIdOptional(uploadId)
                .filter(u -> Conversation.<Conversation>findByIdOptional(u.conversationId)
                        .filter(c -> c.status == ConversationStatus.WITH_AGENT && agent.equals(c.agentId)).isPresent())
                .orElseThrow(() -> ProblemException.notFound("no such file"));
        accessLog.record(upload.subjectId, "upload/" + upload.id, AgentDesk.PURPOSE);
        return decrypted(upload);
    }

    /** The blob store's name in the data map. */
    public String storeName() {
        return blobs.name();
    }

    /** A file's name, decrypted (or the plain name of a row the name job has not reached yet). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String nameOf(Upload upload) {
        if (upload.nameCiphertext == null) {
            return upload.name;
        }
        return nameOf(upload, keys.find(upload.subjectId).orElseThrow(() -> ProblemException.notFound("no such file")));
    }

    private static String nameOf(Upload upload, DataKey key) {
        if (upload.nameCiphertext == null) {
            return upload.name;
        }
        try {
            return new String(key.decrypt(upload.nameCiphertext, nameContext(upload.id)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a file name cannot be decrypted", e);
        }
    }

    /** The associated data of a file name's ciphertext: bound to its row. */
    public static byte[] nameContext(UUID uploadId) {
        return ("upload-name:" + uploadId).getBytes(StandardCharsets.UTF_8);
    }

    @Scheduled(every = "1h", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledNameEncryption() {
        once.run("chat-upload-name-encryption", java.time.Duration.ofHours(1), this::encryptPlainNames);
    }

    /**
     * Encrypts the names of files uploaded before names were encrypted, a batch per transaction (rows locked, skipped
     * by other instances); returns how many.
     */
    public int encryptPlainNames() {
        int done = 0;
        while (true) {
            int batch = QuarkusTransaction.requiringNew().call(() -> {
                List<Upload> plain = Upload.<Upload>find("name is not null and nameCiphertext is null")
                        .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                        .withHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                        .page(0, NAME_BATCH).list();
                for (Upload upload : plain) {
                    upload.nameCiphertext = keys.keyFor(upload.subjectId).encrypt(
                            upload.name.getBytes(StandardCharsets.UTF_8), nameContext(upload.id));
                    upload.name = null;
                }
                return plain.size();
            });
            done += batch;
            if (batch < NAME_BATCH) {
                return done;
            }
        }
    }

    /** The uploads of a conversation, for deleting their files with it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Upload> of(UUID conversationId) {
        return Upload.list("conversationId", conversationId);
    }

    /** Deletes files once the transaction that deleted their rows has committed. */
    public void deleteFilesAfterCommit(List<Upload> uploads) {
        if (!uploads.isEmpty()) {
            afterCommit.run(() -> uploads.forEach(u -> blobs.delete(u.subjectId, u.id)));
        }
    }

    private Download decrypted(Upload upload) {
        byte[] stored = blobs.get(upload.subjectId, upload.id)
                .orElseThrow(() -> ProblemException.notFound("no such file"));
        try {
            DataKey key = keys.find(upload.subjectId).orElseThrow(() -> ProblemException.notFound("no such file"));
            return new Download(upload, nameOf(upload, key), key.decrypt(stored, DataKey.associatedData(upload.id)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored file cannot be decrypted", e);
        }
    }

    private void removeFileIfRolledBack(Upload upload) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    blobs.delete(upload.subjectId, upload.id);
                }
            }
        });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an upload", e);
        }
    }

    private static Optional<FileType> typeOf(Path file) {
        try {
            return FileType.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an upload", e);
        }
    }
}
