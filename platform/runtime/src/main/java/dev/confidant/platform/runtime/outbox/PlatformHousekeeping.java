package dev.confidant.platform.runtime.outbox;

import dev.confidant.platform.runtime.inbox.InboxConfig;
import dev.confidant.platform.runtime.scheduling.ScheduledOnce;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Deletes outbox rows published longer ago than {@code confidant.outbox.published-retention} and inbox rows older
 * than {@code confidant.inbox.retention}, so neither table grows without bound; and shared rate-limit counters whose
 * windows can no longer count.
 */
@ApplicationScoped
public class PlatformHousekeeping {

    private static final Logger LOG = Logger.getLogger(PlatformHousekeeping.class);
    private static final String DELETE_PUBLISHED = "DELETE FROM confidant_outbox "
            + "WHERE published_at < clock_timestamp() - make_interval(secs => ?)";
    private static final String DELETE_RATE_LIMITS = "DELETE FROM confidant_rate_limit WHERE expires_at < clock_timestamp() "
            + "- make_interval(secs => ?)";
    private static final String DELETE_PROCESSED = "DELETE FROM confidant_inbox "
            + "WHERE processed_at < clock_timestamp() - make_interval(secs => ?)";

    @Inject
    ScheduledOnce once;

    @ConfigProperty(name = "confidant.housekeeping.interval", defaultValue = "10m")
    Duration interval;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig outbox;

    @Inject
    InboxConfig inbox;

    @Scheduled(every = "${confidant.housekeeping.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void clean() {
        once.run("platform-housekeeping", interval, this::cleanNow);
    }

    private void cleanNow() {
        try {
            int outboxRows = deleteOlderThan(DELETE_PUBLISHED, outbox.publishedRetention());
            int inboxRows = deleteOlderThan(DELETE_PROCESSED, inbox.retention());
            deleteOlderThan(DELETE_RATE_LIMITS, Duration.ZERO);
            if (outboxRows + inboxRows > 0) {
                LOG.debugf("Housekeeping removed %d published outbox rows and %d inbox rows", outboxRows, inboxRows);
            }
        } catch (SQLException e) {
            LOG.warnf("Outbox/inbox housekeeping failed (%s); next run retries", e.getSQLState());
        }
    }

    private int deleteOlderThan(String sql, Duration age) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setDouble(1, age.toMillis() / 1000.0);
            return delete.executeUpdate();
        }
    }
}
