package dev.confidant.platform.runtime.scheduling;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Scheduled work that must happen once per period across all replicas of a service, not once per replica: sweeps,
 * housekeeping, policy mails, re-sent commands, key re-wrapping. Every replica's scheduler still fires; the first to
 * claim the period in the service's database ({@code confidant_job_run}, one atomic upsert on the database's clock,
 * so replicas' clocks need not agree) runs the job, the others skip it. A period is a little shorter than the
 * schedule (four fifths), so timer jitter does not skip a run. Jobs that only refresh an instance's own memory
 * (caches, revocations, live connections) do not use this.
 */
@ApplicationScoped
public class ScheduledOnce {

    private static final Logger LOG = Logger.getLogger(ScheduledOnce.class);
    private static final String CLAIM = """
            INSERT INTO confidant_job_run (job, ran_at) VALUES (?, clock_timestamp())
            ON CONFLICT (job) DO UPDATE SET ran_at = clock_timestamp()
            WHERE confidant_job_run.ran_at <= clock_timestamp() - make_interval(secs => ?)
            RETURNING ran_at
            """;

    private final AgroalDataSource dataSource;

    @Inject
    public ScheduledOnce(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code job} if this replica is the first to claim it in the current period.
     *
     * @param schedule how often the job is scheduled
     * @return whether it ran here
     */
    public boolean run(String name, Duration schedule, Runnable job) {
        if (!claim(name, schedule.multipliedBy(4).dividedBy(5))) {
            LOG.debugf("Job %s ran on another replica this period", name);
            return false;
        }
        job.run();
        return true;
    }

    /** Whether this replica claimed {@code name} for a period of {@code period}. */
    boolean claim(String name, Duration period) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setString(1, name);
            claim.setDouble(2, period.toMillis() / 1000.0);
            try (ResultSet claimed = claim.executeQuery()) {
                return claimed.next();
            }
        } catch (SQLException e) {
            LOG.warnf("Job %s not run: its claim failed (%s); the next period retries", name, e.getSQLState());
            return false;
        }
    }
}
