package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.DataKey;
import dev.confidant.platform.events.KeyedEntries;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.cluster.SubjectMemory;
import dev.confidant.platform.runtime.tx.AfterCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-subject data keys, wrapped by the key-encryption key from configuration. A subject's key is created with its
 * first content and destroyed first on erasure: once it is gone, no copy of that subject's ciphertext can be read.
 * Key-encryption keys rotate: each wrapped key names its KEK, new keys are wrapped with the current one, retired ones
 * still unwrap, and {@link #rewrap()} moves every subject key to the current one.
 * <p>
 * Unwrapped keys of recently active subjects are remembered in memory ({@link SubjectMemory}, up to
 * {@code confidant.chat.remembered-keys}, 10,000; 0 turns it off), so that a message costs no read of its key; a key
 * destroyed on any replica is forgotten on every replica once that transaction commits (signal
 * {@code subject-key-gone}).
 */
@ApplicationScoped
public class SubjectKeys {

    private static final Logger LOG = Logger.getLogger(SubjectKeys.class);

    private static final int REWRAP_BATCH = 500;

    static final String SIGNAL = "subject-key-gone";

    private final DataKey keyEncryptionKey;
    private final String keyEncryptionKeyId;
    private final Map<String, DataKey> retired;
    private final SubjectMemory<DataKey> memory;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    public SubjectKeys(ChatConfig config, ClusterSignals signals, AfterCommit afterCommit) {
        memory = new SubjectMemory<>(SIGNAL, config.rememberedKeys(), signals, afterCommit);
        keyEncryptionKeyId = config.keyEncryptionKeyId();
        keyEncryptionKey = keyEncryptionKey(config.keyEncryptionKey(), LaunchMode.current());
        retired = retiredKeys(config.retiredKeyEncryptionKeys().orElse(""));
        if (retired.containsKey(keyEncryptionKeyId)) {
            throw new IllegalStateException("confidant.chat.retired-key-encryption-keys names the current key id "
                    + keyEncryptionKeyId);
        }
    }

    /** {@code id:base64,…}; a failure names the id, never the key. */
    static Map<String, DataKey> retiredKeys(String entries) {
        Map<String, DataKey> keys = new HashMap<>();
        List<KeyedEntries.Entry> parsed;
        try {
            parsed = KeyedEntries.parse(entries, "a retired key-encryption key must read id:base64");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
        for (KeyedEntries.Entry entry : parsed) {
            try {
                keys.put(entry.name(), new DataKey(Base64.getDecoder().decode(entry.value())));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the retired key-encryption key " + entry.name()
                        + " is not 32 bytes of base64");
            }
        }
        return keys;
    }

    /** The configured key-encryption key; without one, a generated key in dev and test, and no start in production. */
    static DataKey keyEncryptionKey(Optional<String> configured, LaunchMode mode) {
        if (configured.isPresent()) {
            return new DataKey(Base64.getDecoder().decode(configured.get().trim()));
        }
        if (mode == LaunchMode.NORMAL) {
            // fail closed: content wrapped under a generated key is unreadable after the next restart
            throw new IllegalStateException("no confidant.chat.key-encryption-key configured; production needs one "
                    + "(docs/operations.md)");
        }
        LOG.warn("No confidant.chat.key-encryption-key: using a generated one; chat content written now cannot be "
                + "read after a restart");
        return DataKey.generate();
    }

    /** The subject's key, created (and stored wrapped) if it has none yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public DataKey keyFor(UUID subject) {
        Optional<DataKey> existing = find(subject);
        if (existing.isPresent()) {
            return existing.get();
        }
        // until this transaction ends, the new key is read from the database only: it may yet roll back
        memory.changing(subject);
        DataKey key = DataKey.generate();
        int inserted = entityManager.createNativeQuery("INSERT INTO subject_key (subject_id, kek_id, wrapped_key, "
                        + "created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (subject_id) DO NOTHING")
                .setParameter(1, subject).setParameter(2, keyEncryptionKeyId)
                .setParameter(3, keyEncryptionKey.encrypt(key.bytes(), wrappingContext(subject)))
                .setParameter(4, clock.instant()).executeUpdate();
        // a concurrent first message created it: use that one
        return inserted == 1 ? key : find(subject).orElseThrow();
    }

    /** The subject's key, if it has one. */
    public Optional<DataKey> find(UUID subject) {
        return Optional.ofNullable(memory.of(subject, () -> read(subject)));
    }

    private DataKey read(UUID subject) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT kek_id, wrapped_key FROM subject_key "
                + "WHERE subject_id = ?1").setParameter(1, subject).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        return unwrap(subject, (String) rows.get(0)[0], (byte[]) rows.get(0)[1]);
    }

    @Scheduled(every = "${confidant.chat.rewrap-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRewrap() {
        int moved = rewrap();
        if (moved > 0) {
            LOG.infof("Re-wrapped %d subject keys with key-encryption key %s", moved, keyEncryptionKeyId);
        }
    }

    /**
     * Re-wraps every subject key still wrapped by a retired key-encryption key with the current one, a batch per
     * transaction (rows locked, skipped by other instances); returns how many moved.
     */
    public int rewrap() {
        int moved = 0;
        while (true) {
            int batch = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = entityManager.createNativeQuery("SELECT subject_id, kek_id, wrapped_key FROM "
                                + "subject_key WHERE kek_id <> ?1 ORDER BY subject_id LIMIT " + REWRAP_BATCH
                                + " FOR UPDATE SKIP LOCKED")
                        .setParameter(1, keyEncryptionKeyId).getResultList();
                for (Object[] row : rows) {
                    UUID subject = (UUID) row[0];
                    DataKey key = unwrap(subject, (String) row[1], (byte[]) row[2]);
                    entityManager.createNativeQuery("UPDATE subject_key SET kek_id = ?2, wrapped_key = ?3 "
                                    + "WHERE subject_id = ?1")
                            .setParameter(1, subject).setParameter(2, keyEncryptionKeyId)
                            .setParameter(3, keyEncryptionKey.encrypt(key.bytes(), wrappingContext(subject)))
                            .executeUpdate();
                }
                return rows.size();
            });
            moved += batch;
            if (batch < REWRAP_BATCH) {
                return moved;
            }
        }
    }

    private DataKey unwrap(UUID subject, String kekId, byte[] wrapped) {
        DataKey kek = keyEncryptionKeyId.equals(kekId) ? keyEncryptionKey : retired.get(kekId);
        if (kek == null) {
            throw new IllegalStateException("a subject key is wrapped by key-encryption key " + kekId
                    + ", which is not configured (confidant.chat.retired-key-encryption-keys)");
        }
        try {
            return new DataKey(kek.decrypt(wrapped, wrappingContext(subject)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a subject key cannot be unwrapped with key-encryption key " + kekId
                    + ": is it the key it was wrapped with?", e);
        }
    }

    /** Destroys the subject's key; returns whether there was one. Every replica forgets it once this commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean destroy(UUID subject) {
        memory.announce(subject);
        return entityManager.createNativeQuery("DELETE FROM subject_key WHERE subject_id = ?1")
                .setParameter(1, subject).executeUpdate() > 0;
    }

    private static byte[] wrappingContext(UUID subject) {
        return ("subject-key:" + subject).getBytes(StandardCharsets.UTF_8);
    }
}
