package dev.confidant.retention.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the alerts watch (deploy/k8s/base/monitoring.yaml), refreshed every 5 minutes rather than on each scrape
 * (the overdue count joins the whole data map, and deadlines counted in days need no finer grain):
 * open data-subject requests, those due within a week and those past their deadline, and data-map entries past
 * their retention (what the next sweep must remove). Gauges, so every replica reports the same figures.
 */
@ApplicationScoped
public class ComplianceMetrics {

    private static final Logger LOG = Logger.getLogger(ComplianceMetrics.class);
    static final Duration SOON = Duration.ofDays(7);

    private final AtomicLong open = new AtomicLong();
    private final AtomicLong dueSoon = new AtomicLong();
    private final AtomicLong pastDeadline = new AtomicLong();
    private final AtomicLong overdueRecords = new AtomicLong();

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager entityManager;

    @Inject
    Sweeps sweeps;

    @Inject
    Clock clock;

    void register(@Observes StartupEvent start) {
        Gauge.builder("confidant.requests.open", open, AtomicLong::get)
                .description("Data-subject requests (erasure and access) not yet done").register(registry);
        Gauge.builder("confidant.requests.due.soon", dueSoon, AtomicLong::get)
                .description("Open data-subject requests whose deadline is within 7 days").register(registry);
        Gauge.builder("confidant.requests.past.deadline", pastDeadline, AtomicLong::get)
                .description("Open data-subject requests past their deadline").register(registry);
        Gauge.builder("confidant.records.overdue", overdueRecords, AtomicLong::get)
                .description("Data-map entries past their retention, held subjects excepted").register(registry);
    }

    @Scheduled(every = "${confidant.retention.metrics-every:5m}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("Compliance metrics not refreshed: %s", e.getClass().getSimpleName());
        }
    }

    /** Recomputes every figure now. */
    @Transactional
    public void refresh() {
        Instant now = clock.instant();
        String openRequests = "SELECT deadline FROM erasure_request WHERE status <> 'COMPLETED' "
                + "UNION ALL SELECT deadline FROM access_request WHERE status = 'COLLECTING'";
        Object[] counts = (Object[]) entityManager.createNativeQuery("SELECT count(*), "
                        + "count(*) FILTER (WHERE deadline >= ?1 AND deadline < ?2), count(*) FILTER (WHERE deadline < ?1) "
                        + "FROM (" + openRequests + ") open")
                .setParameter(1, now).setParameter(2, now.plus(SOON)).getSingleResult();
        open.set(((Number) counts[0]).longValue());
        dueSoon.set(((Number) counts[1]).longValue());
        pastDeadline.set(((Number) counts[2]).longValue());
        overdueRecords.set(sweeps.overdueCount());
    }
}
