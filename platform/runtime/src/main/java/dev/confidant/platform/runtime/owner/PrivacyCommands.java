package dev.confidant.platform.runtime.owner;

import dev.confidant.platform.runtime.inbox.Inbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.Set;

/**
 * retention-service's erase and expire commands ({@code confidant.privacy-commands}), for every data owner: each
 * first delivery goes to the service's {@link PrivacyCommandHandler} inside the inbox transaction, so it is applied,
 * and acknowledged, once. The consumer group is the service's name; a service with no handler reads and skips.
 * Each instance runs three copies of this consumer ({@code concurrency}), each owning some of the topic's partitions:
 * commands for different subjects are applied side by side, and one subject's (same key, same partition) in order.
 * Side by side (here or on another replica), two commands may lock the same rows in different orders; PostgreSQL then
 * aborts one as a deadlock, and it is applied again in a new transaction rather than stopping the consumer.
 */
@ApplicationScoped
public class PrivacyCommands {

    private static final Logger LOG = Logger.getLogger(PrivacyCommands.class);

    /** Deadlock detected, serialization failure: the transaction did nothing and may simply run again. */
    private static final Set<String> RETRYABLE = Set.of("40P01", "40001");

    static final int ATTEMPTS = 5;

    @Inject
    Inbox inbox;

    @Inject
    Instance<PrivacyCommandHandler> handler;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    @Incoming("privacy-commands")
    @Blocking(ordered = true)
    public void on(ConsumerRecord<String, byte[]> record) {
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> apply(record));
                return;
            } catch (RuntimeException e) {
                String state = sqlState(e);
                if (attempt >= ATTEMPTS || state == null || !RETRYABLE.contains(state)) {
                    throw e;
                }
                LOG.infof("A privacy command at %s-%d@%d met a concurrent transaction (SQL state %s); applying it again",
                        record.topic(), record.partition(), record.offset(), state);
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        inbox.receive(application + ".privacy-commands", record).ifPresent(envelope -> {
            if (handler.isResolvable()) {
                handler.get().handle(envelope);
            }
        });
    }

    /** The SQL state of the first {@link SQLException} among the causes, or {@code null}. */
    static String sqlState(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
