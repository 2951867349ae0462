package dev.confidant.platform.runtime.testapp;

import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.runtime.cluster.SubjectMemory;
import dev.confidant.platform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A per-subject value of the test application, read on a hot path and so remembered ({@link SubjectMemory}). */
@ApplicationScoped
public class TestNicknames {

    public static final String SIGNAL = "test-nickname";

    @Inject
    EntityManager entityManager;

    private final SubjectMemory<String> memory;
    private final AtomicInteger reads = new AtomicInteger();

    @Inject
    public TestNicknames(ClusterSignals signals, AfterCommit afterCommit) {
        memory = new SubjectMemory<>(SIGNAL, 1_000, signals, afterCommit);
    }

    /** The subject's nickname, or null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String of(UUID subject) {
        return memory.of(subject, () -> {
            reads.incrementAndGet();
            @SuppressWarnings("unchecked")
            List<String> found = entityManager.createNativeQuery("SELECT nickname FROM test_nickname "
                    + "WHERE subject_id = ?1").setParameter(1, subject).getResultList();
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Sets the subject's nickname in the current transaction, announced to every replica. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void set(UUID subject, String nickname) {
        memory.announce(subject);
        entityManager.createNativeQuery("INSERT INTO test_nickname (subject_id, nickname) VALUES (?1, ?2) "
                        + "ON CONFLICT (subject_id) DO UPDATE SET nickname = EXCLUDED.nickname")
                .setParameter(1, subject).setParameter(2, nickname).executeUpdate();
    }

    /** How many times the database was read. */
    public int reads() {
        return reads.get();
    }
}
