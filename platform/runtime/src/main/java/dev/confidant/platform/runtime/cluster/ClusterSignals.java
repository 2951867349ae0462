package dev.confidant.platform.runtime.cluster;

import dev.confidant.platform.events.Randomness;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Short signals between the replicas of one service through its PostgreSQL database ({@code LISTEN/NOTIFY} on one
 * channel): "messages were stored in conversation X", "subject Y was erased". A signal is sent inside the transaction
 * that makes it true and reaches every replica, this one included, only once that transaction commits, and not at all
 * if it rolls back. Signals carry ids, never personal data; a receiver reads what it needs from the database.
 *
 * <p>Each replica holds one connection that listens, outside the pool's turn-over, and hands each signal to the
 * observers of {@link Signal} one after the other on its own thread, in commit order. A signal sent while that
 * connection was broken is lost; after it is listening again, observers of {@link Resumed} are told, so they can
 * make up for it (live connections are closed so that clients reconnect and catch up from the database). Each
 * {@link SubjectMemory} hears signals and resumptions the same way, without an observer of its own.
 */
@ApplicationScoped
public class ClusterSignals {

    private static final Logger LOG = Logger.getLogger(ClusterSignals.class);
    /** The one channel; each service has its own database, so signals never cross services. */
    static final String CHANNEL = "confidant_signals";
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,40}");
    /** How long a wait for signals lasts before the connection is checked. */
    private static final int WAIT_MILLIS = 5_000;
    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    private static final int MAX_PAYLOAD = 7_900;

    /** A signal from a replica of this service; {@code fromThisReplica} when this one sent it. */
    public record Signal(String kind, String data, boolean fromThisReplica) {
    }

    /** The listening connection was lost and is back: signals sent meanwhile may have been missed. */
    public record Resumed() {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<Signal> signals;

    @Inject
    Event<Resumed> resumed;

    @ConfigProperty(name = "confidant.cluster-signals.enabled", defaultValue = "true")
    boolean enabled;

    /** What hot paths remember about subjects, each told of every signal and resumption. */
    private final List<SubjectMemory<?>> memories = new CopyOnWriteArrayList<>();

    /** This replica, as it names itself in what it sends. */
    private final String replica = Randomness.uuid().toString().substring(0, 13);
    private volatile boolean running;
    private volatile boolean connected;

    /**
     * Sends a signal that every replica receives once the current transaction commits.
     *
     * @param kind what happened, in lower case ({@code live-messages})
     * @param data ids, never personal data
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void send(String kind, String data) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("a signal's kind is a short lower-case word");
        }
        String payload = replica + " " + kind + " " + data;
        if (payload.length() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a signal carries ids, at most " + MAX_PAYLOAD + " characters");
        }
        entityManager.createNativeQuery("SELECT 1 FROM pg_notify(?1, ?2)").setParameter(1, CHANNEL)
                .setParameter(2, payload).getSingleResult();
    }

    /** {@code memory} hears every signal and resumption from now on (a {@link SubjectMemory} registers itself). */
    public void register(SubjectMemory<?> memory) {
        memories.add(memory);
    }

    /** Whether this replica is listening now (a readiness-style fact for tests and diagnostics). */
    public boolean listening() {
        return connected;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("Cluster signals are off (confidant.cluster-signals.enabled=false): live updates reach only the "
                    + "connections of the replica that stored them");
            return;
        }
        running = true;
        Thread listener = new Thread(this::listen, "confidant-cluster-signals");
        listener.setDaemon(true);
        listener.start();
    }

    /**
     * The listener ends at its next wait (within {@code WAIT_MILLIS}), or at once when the pool closes its
     * connection; the connection is not handed back to the pool while a wait may still be using it.
     */
    void stop(@Observes ShutdownEvent event) {
        running = false;
    }

    private void listen() {
        boolean first = true;
        long backOff = 200;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                connected = true;
                backOff = 200;
                if (!first) {
                    LOG.info("Listening for cluster signals again; signals sent meanwhile may be missed");
                    memories.forEach(memory -> deliver(memory::onResumed));
                    deliver(() -> resumed.fire(new Resumed()));
                }
                first = false;
                while (running) {
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received == null || received.length == 0) {
                        try (Statement check = connection.createStatement()) {
                            check.execute("SELECT 1"); // a dead connection fails here rather than waiting forever
                        }
                        continue;
                    }
                    for (PGNotification notification : received) {
                        dispatch(notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                first = false; // whenever it listens again, signals may have been missed
                if (!running) {
                    return;
                }
                LOG.warnf("Cluster signals: the listening connection failed (%s); trying again",
                        e.getClass().getSimpleName());
                try {
                    Thread.sleep(backOff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backOff = Math.min(backOff * 2, 5_000);
            }
        }
        connected = false;
    }

    private void dispatch(String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts.length < 2) {
            return; // not a signal of ours
        }
        Signal signal = new Signal(parts[1], parts.length == 3 ? parts[2] : "", parts[0].equals(replica));
        memories.forEach(memory -> deliver(() -> memory.onSignal(signal)));
        deliver(() -> signals.fire(signal));
    }

    /** Runs an observer; one that fails is logged (without the signal's data) and the next signals still arrive. */
    private static void deliver(Runnable fire) {
        try {
            fire.run();
        } catch (RuntimeException e) {
            LOG.warnf("An observer of cluster signals failed: %s", e.getClass().getSimpleName());
        }
    }
}
