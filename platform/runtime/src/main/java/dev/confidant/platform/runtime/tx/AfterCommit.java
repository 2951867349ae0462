package dev.confidant.platform.runtime.tx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs work only once the current transaction has committed (a mail, a wake-up): a rolled-back transaction never
 * causes it. Outside a transaction the work runs at once.
 */
@ApplicationScoped
public class AfterCommit {

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Runs {@code work} after the current transaction commits. */
    public void run(Runnable work) {
        afterCompletion(work, true);
    }

    /**
     * Runs {@code work} once the current transaction has ended, committed or rolled back (forgetting what it may have
     * changed); outside a transaction at once.
     */
    public void runAfterEnd(Runnable work) {
        afterCompletion(work, false);
    }

    private void afterCompletion(Runnable work, boolean onlyCommitted) {
        if (transactions.getTransactionKey() == null) {
            work.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (!onlyCommitted || status == Status.STATUS_COMMITTED) {
                    work.run();
                }
            }
        });
    }

    /** Like {@link #run}, but at most once per transaction for the same {@code key}. */
    public void runOnce(Object key, Runnable work) {
        if (transactions.getTransactionKey() != null) {
            if (transactions.getResource(key) != null) {
                return;
            }
            transactions.putResource(key, Boolean.TRUE);
        }
        run(work);
    }
}
