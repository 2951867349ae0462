package dev.confidant.platform.runtime.outbox;

import dev.confidant.platform.runtime.inbox.InboxConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deletes outbox rows published longer ago than {@code confidant.outbox.published-retention} and inbox rows older
 * than {@code confidant.inbox.retention}, so neither table grows without bound.
 */
@ApplicationScoped
public class PlatformHousekeeping {

    private static final Logger LOG = Logger.getLogger(PlatformHousekeeping.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig outbox;

    @Inject
    InboxConfig inbox;

    @Scheduled(every = "${confidant.housekeeping.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void clean() {
        try {
            int outboxRows = deleteOlderThan("DELETE FROM confidant_outbox WHERE published_at < clock_timestamp() - ?",
                    outbox.publishedRetention().toMillis());
            int inboxRows = deleteOlderThan("DELETE FROM confidant_inbox WHERE processed_at < clock_timestamp() - ?",
                    inbox.retention().toMillis());
            if (outboxRows + inboxRows > 0) {
                LOG.debugf("Housekeeping removed %d published outbox rows and %d inbox rows", outboxRows, inboxRows);
            }
        } catch (SQLException e) {
            LOG.warnf("Outbox/inbox housekeeping failed (%s); next run retries", e.getSQLState());
        }
    }

    /** Deletes the rows of {@code sql} older than {@code millis}; returns how many went. */
    int deleteOlderThan(String sql, long millis) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(sql.replace("?", "make_interval(secs => ?)"))) {
            delete.setDouble(1, millis / 1000.0);
            return delete.executeUpdate();
        }
    }
}
