package dev.confidant.chat.service;

import dev.confidant.chat.domain.DataKey;
import dev.confidant.platform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A visitor registered or logged in: everything chat-service holds for the visitor subject moves to the account
 * subject, re-encrypted under the account's key, and the visitor's key is destroyed. From then on one erasure of the
 * account covers the chats from before registration too.
 */
@ApplicationScoped
public class VisitorLinks {

    @Inject
    EntityManager entityManager;

    @Inject
    SubjectKeys keys;

    @Inject
    ConsentProjection consent;

    @Inject
    BlobStore blobs;

    @Inject
    AfterCommit afterCommit;

    @Transactional(Transactional.TxType.MANDATORY)
    public void link(UUID visitor, UUID account) {
        Optional<DataKey> visitorKey = keys.find(visitor);
        if (visitorKey.isPresent()) {
            DataKey accountKey = keys.keyFor(account);
            reencrypt("SELECT id, body FROM message WHERE subject_id = ?1", "UPDATE message SET body = ?1 WHERE id = ?2",
                    visitor, visitorKey.get(), accountKey, id -> DataKey.associatedData(id));
            reencrypt("SELECT message_id, comment FROM feedback WHERE subject_id = ?1 AND comment IS NOT NULL",
                    "UPDATE feedback SET comment = ?1 WHERE message_id = ?2", visitor, visitorKey.get(), accountKey,
                    id -> ("feedback:" + id).getBytes(StandardCharsets.UTF_8));
            reencrypt("SELECT conversation_id, comment FROM rating WHERE subject_id = ?1 AND comment IS NOT NULL",
                    "UPDATE rating SET comment = ?1 WHERE conversation_id = ?2", visitor, visitorKey.get(), accountKey,
                    id -> ("rating:" + id).getBytes(StandardCharsets.UTF_8));
            reencrypt("SELECT id, name_ciphertext FROM upload WHERE subject_id = ?1 AND name_ciphertext IS NOT NULL",
                    "UPDATE upload SET name_ciphertext = ?1 WHERE id = ?2", visitor, visitorKey.get(), accountKey,
                    Uploads::nameContext);
            @SuppressWarnings("unchecked")
            List<UUID> files = entityManager.createNativeQuery("SELECT id FROM upload WHERE subject_id = ?1")
                    .setParameter(1, visitor).getResultList();
            for (UUID file : files) {
                byte[] stored = blobs.get(visitor, file).orElse(null);
                if (stored != null) {
                    blobs.put(account, file, accountKey.encrypt(decrypt(visitorKey.get(), stored,
                            DataKey.associatedData(file)), DataKey.associatedData(file)));
                }
            }
            keys.destroy(visitor);
            afterCommit.run(() -> files.forEach(file -> blobs.delete(visitor, file)));
        }
        for (String table : List.of("message", "conversation", "upload", "feedback", "rating", "usage_event",
                "moderation_event")) {
            entityManager.createNativeQuery("UPDATE " + table + " SET subject_id = ?1 WHERE subject_id = ?2")
                    .setParameter(1, account).setParameter(2, visitor).executeUpdate();
        }
        // the visitor's consent choices are carried over by consent-service, which announces the account's state
        consent.forget(visitor);
    }

    private void reencrypt(String select, String update, UUID visitor, DataKey from, DataKey to,
                           java.util.function.Function<UUID, byte[]> associatedData) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(select).setParameter(1, visitor).getResultList();
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            byte[] plain = decrypt(from, (byte[]) row[1], associatedData.apply(id));
            entityManager.createNativeQuery(update).setParameter(1, to.encrypt(plain, associatedData.apply(id)))
                    .setParameter(2, id).executeUpdate();
        }
    }

    private static byte[] decrypt(DataKey key, byte[] ciphertext, byte[] associatedData) {
        try {
            return key.decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a visitor's content cannot be decrypted", e);
        }
    }
}
