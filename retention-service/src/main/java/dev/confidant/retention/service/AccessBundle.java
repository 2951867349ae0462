package dev.confidant.retention.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.scheduling.ScheduledOnce;
import dev.confidant.retention.domain.AccessRequest;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip a subject receives for an access request: a README, the request, the data map, this service's record of
 * the subject's requests and one JSON file per data owner, each as the owner exported it. A bundle is kept for
 * {@code confidant.retention.access-bundle-retention} after it is ready; then its content is deleted.
 */
@ApplicationScoped
public class AccessBundle {

    /**
     * Everything the zip holds, read before it is written (so the zip is written after the transaction): the request,
     * the data map and the subject's requests as their views, each written as JSON as given, and the owners' exports.
     */
    public record Contents(UUID subject, Object request, Object dataMap, Object requests,
                           List<AccessRequests.Export> exports) {
    }

    private static final String README = """
            Your personal data held by Confidant
            ====================================

            This archive answers your access request (GDPR Art. 15 and 20). Every file is JSON, readable by people
            and by other services:

            - request.json          this request: when it was made, when it was ready, and which services contributed
            - data-map.json         every piece of your personal data the services announced: service, category, store,
                                    since when, and when it will be deleted under the retention schedules
            - retention-service.json  your erasure and access requests
            - <service>.json        everything that service holds about you, as it exported it

            Uploaded files are listed by name, type and size; download them from the conversation while it exists.
            This archive is kept for 30 days after it was ready and then deleted. To have your data erased, use
            "Delete my data" or write to the data protection officer.
            """;

    @Inject
    ScheduledOnce once;

    @Inject
    AccessRequests accessRequests;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledExpiry() {
        once.run("retention-bundle-expiry", java.time.Duration.ofHours(1), this::expireBundles);
    }

    /** Deletes the content of bundles past their time; returns how many requests expired. */
    @Transactional
    public int expireBundles() {
        Instant now = clock.instant();
        entityManager.createNativeQuery("UPDATE access_part SET content = NULL WHERE request_id IN (SELECT id FROM "
                + "access_request WHERE status = 'READY' AND bundle_expires_at <= ?1)").setParameter(1, now)
                .executeUpdate();
        return entityManager.createNativeQuery("UPDATE access_request SET status = 'EXPIRED' WHERE status = 'READY' "
                + "AND bundle_expires_at <= ?1").setParameter(1, now).executeUpdate();
    }

    /** The owners' exports of a ready request; a staff download is recorded in the staff access log. */
    @Transactional
    public List<AccessRequests.Export> exports(AccessRequest request, boolean byStaff) {
        if (byStaff) {
            accessLog.record(request.subjectId, "access bundle", "handle data-subject requests");
        }
        return accessRequests.exports(request.id);
    }

    public void write(Contents contents, OutputStream out) throws IOException {
        ObjectWriter pretty = json.writerWithDefaultPrettyPrinter();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            entry(zip, "README.txt", README.getBytes(StandardCharsets.UTF_8));
            entry(zip, "request.json", pretty.writeValueAsBytes(contents.request()));
            entry(zip, "data-map.json", pretty.writeValueAsBytes(contents.dataMap()));
            Map<String, Object> own = new LinkedHashMap<>();
            own.put("owner", "retention-service");
            own.put("subjectId", contents.subject());
            own.put("requests", contents.requests());
            entry(zip, "retention-service.json", pretty.writeValueAsBytes(own));
            for (AccessRequests.Export export : contents.exports()) {
                entry(zip, fileName(export.owner()) + ".json",
                        pretty.writeValueAsBytes(json.readTree(export.content())));
            }
        }
    }

    /** Owner names come from the registry; keep them to safe file names all the same. */
    private static String fileName(String owner) {
        String safe = owner.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "owner-" + safe : safe;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry("confidant-data/" + name));
        zip.write(content);
        zip.closeEntry();
    }
}
