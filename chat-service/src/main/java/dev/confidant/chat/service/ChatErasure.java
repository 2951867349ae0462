package dev.confidant.chat.service;

import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.ExpireRecords;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.owner.OwnerAcknowledgements;
import dev.confidant.platform.runtime.owner.PrivacyCommandHandler;
import dev.confidant.platform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * Erase and expire commands. Erasure destroys the subject's data key first, so every copy of its ciphertext
 * (replicas, backups) is unreadable whatever happens next, then deletes its rows, set-based, and acknowledges with
 * counts per store.
 */
@ApplicationScoped
public class ChatErasure implements PrivacyCommandHandler {

    @Inject
    EntityManager entityManager;

    @Inject
    ClusterSignals signals;

    @Inject
    SubjectKeys keys;

    @Inject
    ConsentProjection consent;

    @Inject
    BlobStore blobs;

    @Inject
    AfterCommit afterCommit;

    @Inject
    OwnerAcknowledgements acknowledgements;

    @Inject
    StaffAccessLog accessLog;

    /**
     * Every row of the subject goes in one statement (one round trip instead of one per table: under load each round
     * trip costs milliseconds of scheduling, docs/benchmarks.md), which also reports what it deleted.
     */
    private static final String ERASE_ROWS = "WITH "
            + "uploads AS (DELETE FROM upload WHERE subject_id = ?1 RETURNING 1), "
            + "feedback AS (DELETE FROM feedback WHERE subject_id = ?1 RETURNING 1), "
            + "ratings AS (DELETE FROM rating WHERE subject_id = ?1 RETURNING 1), "
            + "replies AS (DELETE FROM email_reply WHERE subject_id = ?1 RETURNING 1), "
            + "messages AS (DELETE FROM message WHERE subject_id = ?1 RETURNING 1), "
            // who was looking at the subject's conversations is no record of theirs, and not counted (a data-modifying
            // WITH runs whether or not the query reads it)
            + "viewing AS (DELETE FROM agent_viewing WHERE conversation_id IN "
            + "(SELECT id FROM conversation WHERE subject_id = ?1) RETURNING 1), "
            + "conversations AS (DELETE FROM conversation WHERE subject_id = ?1 RETURNING id, status), "
            + "moderation AS (DELETE FROM moderation_event WHERE subject_id = ?1 RETURNING 1), "
            + "usage AS (DELETE FROM usage_event WHERE subject_id = ?1 RETURNING 1) "
            + "SELECT (SELECT count(*) FROM uploads), "
            + "(SELECT count(*) FROM feedback) + (SELECT count(*) FROM ratings), "
            + "(SELECT count(*) FROM replies) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM conversations) "
            + "+ (SELECT count(*) FROM moderation), "
            + "(SELECT count(*) FROM usage), "
            + "(SELECT COALESCE(string_agg(CAST(id AS text), ','), '') FROM conversations "
            + "WHERE status IN ('WAITING_FOR_AGENT', 'WITH_AGENT'))";

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(UUID subject, UUID requestId, UUID correlationId) {
        long key = keys.destroy(subject) ? 1 : 0;
        Object[] rows = (Object[]) entityManager.createNativeQuery(ERASE_ROWS).setParameter(1, subject)
                .getSingleResult();
        // the key is gone: whatever happens to the files now, their content cannot be read
        long uploadRows = ((Number) rows[0]).longValue();
        long files = blobs.deleteAll(subject);
        long feedback = ((Number) rows[1]).longValue();
        long deleted = key + ((Number) rows[2]).longValue();
        long usage = ((Number) rows[3]).longValue();
        for (String atTheDesk : ((String) rows[4]).split(",")) {
            if (!atTheDesk.isEmpty()) {
                signals.send(AgentDesk.QUEUE_CHANGED, atTheDesk);
            }
        }
        consent.forget(subject);
        acknowledgements.erased(subject, requestId, correlationId, List.of(
                        acknowledgements.count(Conversations.STORE, DataCategories.CHAT_MESSAGE, deleted),
                        acknowledgements.count(Conversations.STORE, DataCategories.CHAT_UPLOAD, uploadRows),
                        acknowledgements.count(blobs.name(), DataCategories.CHAT_UPLOAD, files),
                        acknowledgements.count(Conversations.STORE, DataCategories.CHAT_FEEDBACK, feedback),
                        acknowledgements.count(Conversations.STORE, DataCategories.USAGE_ANALYTICS, usage)),
                accessLog.mentions(subject) ? List.of(StaffAccessLog.retainedIn(Conversations.STORE)) : List.of());
    }

    /** Conversations whose last activity is before the cutoff go with their messages, except held subjects'. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void expire(ExpireRecords command, UUID correlationId) {
        long expired;
        if (DataCategories.AUDIT_ACCESS_LOG.equals(command.category())) {
            expired = accessLog.expire(command.expiredBefore());
        } else if (DataCategories.CHAT_UPLOAD.equals(command.category())) {
            expired = expireUploads("created_at < ?1 AND NOT (subject_id = ANY (CAST(?2 AS uuid[])))", command,
                    command.heldSubjects().stream().map(UUID::toString).toArray(String[]::new));
        } else if (DataCategories.CHAT_FEEDBACK.equals(command.category())) {
            String[] held = command.heldSubjects().stream().map(UUID::toString).toArray(String[]::new);
            expired = entityManager.createNativeQuery("DELETE FROM feedback WHERE created_at < ?1 "
                            + "AND NOT (subject_id = ANY (CAST(?2 AS uuid[])))").setParameter(1, command.expiredBefore())
                    .setParameter(2, held).executeUpdate();
            expired += entityManager.createNativeQuery("DELETE FROM rating WHERE created_at < ?1 "
                            + "AND NOT (subject_id = ANY (CAST(?2 AS uuid[])))").setParameter(1, command.expiredBefore())
                    .setParameter(2, held).executeUpdate();
        } else if (DataCategories.USAGE_ANALYTICS.equals(command.category())) {
            expired = entityManager.createNativeQuery("DELETE FROM usage_event WHERE occurred_at < ?1 "
                            + "AND NOT (subject_id = ANY (CAST(?2 AS uuid[])))").setParameter(1, command.expiredBefore())
                    .setParameter(2, command.heldSubjects().stream().map(UUID::toString).toArray(String[]::new))
                    .executeUpdate();
        } else if (DataCategories.CHAT_MESSAGE.equals(command.category())) {
            String due = "SELECT id FROM conversation WHERE last_activity_at < ?1 AND NOT (subject_id = ANY (CAST(?2 AS uuid[])))";
            String[] held = command.heldSubjects().stream().map(UUID::toString).toArray(String[]::new);
            // a conversation's uploads go with it
            expired = expireUploads("conversation_id IN (" + due + ")", command, held);
            expired += entityManager.createNativeQuery("DELETE FROM message WHERE conversation_id IN (" + due + ")")
                    .setParameter(1, command.expiredBefore()).setParameter(2, held).executeUpdate();
            // who was looking at it is no record of the person's, and not counted
            entityManager.createNativeQuery("DELETE FROM agent_viewing WHERE conversation_id IN (" + due + ")")
                    .setParameter(1, command.expiredBefore()).setParameter(2, held).executeUpdate();
            expired += entityManager.createNativeQuery("DELETE FROM conversation WHERE id IN (" + due + ")")
                    .setParameter(1, command.expiredBefore()).setParameter(2, held).executeUpdate();
            expired += entityManager.createNativeQuery("DELETE FROM moderation_event WHERE occurred_at < ?1 "
                            + "AND NOT (subject_id = ANY (CAST(?2 AS uuid[])))").setParameter(1, command.expiredBefore())
                    .setParameter(2, held).executeUpdate();
        } else {
            return; // not a category this service owns
        }
        acknowledgements.expired(command, correlationId, Conversations.STORE, expired);
    }

    /** Deletes the matching upload rows, and their files once that has committed; returns the rows. */
    private long expireUploads(String condition, ExpireRecords command, String[] held) {
        @SuppressWarnings("unchecked")
        List<Object[]> due = entityManager.createNativeQuery("DELETE FROM upload WHERE " + condition
                        + " RETURNING subject_id, id").setParameter(1, command.expiredBefore()).setParameter(2, held)
                .getResultList();
        if (!due.isEmpty()) {
            afterCommit.run(() -> due.forEach(row -> blobs.delete((UUID) row[0], (UUID) row[1])));
        }
        return due.size();
    }

}
