package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.DataKey;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.runtime.LaunchMode;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-subject data keys, wrapped by the key-encryption key from configuration. A subject's key is created with its
 * first content and destroyed first on erasure: once it is gone, no copy of that subject's ciphertext can be read.
 */
@ApplicationScoped
public class SubjectKeys {

    private static final Logger LOG = Logger.getLogger(SubjectKeys.class);

    private final DataKey keyEncryptionKey;
    private final String keyEncryptionKeyId;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    public SubjectKeys(ChatConfig config) {
        keyEncryptionKeyId = config.keyEncryptionKeyId();
        keyEncryptionKey = keyEncryptionKey(config.keyEncryptionKey(), LaunchMode.current());
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
        @SuppressWarnings("unchecked")
        List<byte[]> wrapped = entityManager.createNativeQuery("SELECT wrapped_key FROM subject_key WHERE subject_id = ?1")
                .setParameter(1, subject).getResultList();
        if (wrapped.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DataKey(keyEncryptionKey.decrypt(wrapped.get(0), wrappingContext(subject))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a subject key cannot be unwrapped: is the key-encryption key the one "
                    + "it was wrapped with?", e);
        }
    }

    /** Destroys the subject's key; returns whether there was one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean destroy(UUID subject) {
        return entityManager.createNativeQuery("DELETE FROM subject_key WHERE subject_id = ?1")
                .setParameter(1, subject).executeUpdate() > 0;
    }

    private static byte[] wrappingContext(UUID subject) {
        return ("subject-key:" + subject).getBytes(StandardCharsets.UTF_8);
    }
}
