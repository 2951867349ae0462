package dev.confidant.platform.runtime.cluster;

import dev.confidant.platform.runtime.tx.AfterCommit;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What a hot path reads from the database about a subject, remembered so that reading it again costs no round trip,
 * and forgotten on every replica when it changes. What is remembered is only ever the database's committed state as
 * read:
 * <ul>
 * <li>a transaction that changes a subject's state calls {@link #changing} or {@link #announce} (which also sends
 *     the signal {@code kind} to every replica through {@link ClusterSignals}, and they forget the subject once the
 *     transaction commits); a memory registers itself with {@link ClusterSignals}, which tells it of every signal;
 *     </li>
 * <li>on this replica, from {@link #changing} until that transaction has ended (committed or rolled back), the
 *     subject is read from the database every time, so the changing transaction reads its own change and a value it
 *     has not committed is never remembered; when it ends, the subject is forgotten;</li>
 * <li>while the replica is not listening for signals (starting, or its listening connection broken), nothing is
 *     remembered and every read goes to the database; when listening resumes, everything is forgotten;</li>
 * <li>a value read while any subject changed is not kept (it may predate the change).</li>
 * </ul>
 * At most {@code capacity} subjects are kept; when full, all are forgotten. A capacity of 0 remembers nothing.
 *
 * @param <V> what is remembered per subject and facet (e.g. per purpose)
 */
public final class SubjectMemory<V> {

    private static final Object ONLY = new Object();

    private final String kind;
    private final int capacity;
    private final ClusterSignals signals;
    private final AfterCommit afterCommit;
    private final ConcurrentHashMap<UUID, ConcurrentHashMap<Object, V>> known = new ConcurrentHashMap<>();
    /** Subjects that open transactions on this replica are changing, with how many. */
    private final ConcurrentHashMap<UUID, Integer> changing = new ConcurrentHashMap<>();
    /** Counts every forgetting: a read that saw it change did not see a consistent moment. */
    private final AtomicLong changes = new AtomicLong();

    /**
     * @param kind     the signal that tells every replica a subject changed, its data the subject's id (a bare signal
     *                 of this kind forgets everyone)
     * @param capacity how many subjects at most; 0 remembers nothing
     */
    public SubjectMemory(String kind, int capacity, ClusterSignals signals, AfterCommit afterCommit) {
        this.kind = kind;
        this.capacity = capacity;
        this.signals = signals;
        this.afterCommit = afterCommit;
        signals.register(this);
    }

    /** The subject's one value, remembered or read by {@code read}; a null read is not remembered. */
    public V of(UUID subject, Supplier<V> read) {
        return of(subject, ONLY, read);
    }

    /** The value of one facet for the subject, remembered or read by {@code read}; a null read is not remembered. */
    public V of(UUID subject, Object facet, Supplier<V> read) {
        if (capacity <= 0 || !signals.listening() || changing.containsKey(subject)) {
            return read.get();
        }
        ConcurrentHashMap<Object, V> facets = known.get(subject);
        V value = facets == null ? null : facets.get(facet);
        if (value != null) {
            return value;
        }
        long before = changes.get();
        value = read.get();
        if (value == null) {
            return null;
        }
        if (known.size() >= capacity) {
            forgetAll();
        }
        known.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(facet, value);
        if (changes.get() != before) { // something changed while reading: what was read may be older than that
            known.remove(subject);
        }
        return value;
    }

    /**
     * The subject's state changes in the current transaction: until it ends the subject is read from the database
     * here, and then forgotten. Outside a transaction, forgotten at once.
     */
    public void changing(UUID subject) {
        changing.merge(subject, 1, Integer::sum);
        forget(subject);
        afterCommit.runAfterEnd(() -> {
            changing.computeIfPresent(subject, (s, count) -> count == 1 ? null : count - 1);
            forget(subject);
        });
    }

    /**
     * The subject's state changes in the current transaction (which must be active): {@link #changing} here, and
     * every other replica forgets the subject once the transaction commits.
     */
    public void announce(UUID subject) {
        signals.send(kind, subject.toString());
        changing(subject);
    }

    /** Forgets the subject here now. */
    private void forget(UUID subject) {
        changes.incrementAndGet();
        known.remove(subject);
    }

    /** Forgets every subject here now. */
    private void forgetAll() {
        changes.incrementAndGet();
        known.clear();
    }

    /** How many subjects are remembered (for tests and diagnostics). */
    public int remembered() {
        return known.size();
    }

    /**
     * A signal this replica heard: one of {@code kind} from elsewhere (another replica, a trigger in the database)
     * forgets the subject it names, or everyone. This replica's own, sent by {@link #announce}, is passed over: it
     * forgot the subject when that transaction ended, and may since have remembered the new value.
     */
    void onSignal(ClusterSignals.Signal signal) {
        if (kind.equals(signal.kind()) && !signal.fromThisReplica()) {
            parse(signal.data()).ifPresentOrElse(this::forget, this::forgetAll);
        }
    }

    /** Listening resumed after a break: a change may have been missed, so everything is forgotten. */
    void onResumed() {
        forgetAll();
    }

    private static Optional<UUID> parse(String data) {
        try {
            return Optional.of(UUID.fromString(data.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
