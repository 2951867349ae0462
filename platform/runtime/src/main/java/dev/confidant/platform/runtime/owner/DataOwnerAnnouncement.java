package dev.confidant.platform.runtime.owner;

import dev.confidant.platform.events.DataOwnerRegistered;
import dev.confidant.platform.events.OwnedCategory;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.outbox.OutboxConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.TreeMap;

/**
 * Announces this service as a data owner at every start (the topic is compacted: the latest one counts), with its
 * export endpoint when it has a {@link SubjectExport} and knows its own {@link DataOwnerConfig#url()}.
 */
@ApplicationScoped
public class DataOwnerAnnouncement {

    @Inject
    DataOwnerConfig config;

    @Inject
    OutboxConfig outboxConfig;

    @Inject
    Outbox outbox;

    @Inject
    Instance<SubjectExport> exports;

    @Inject
    Clock clock;

    void announce(@Observes StartupEvent event) {
        if (config.categories().isEmpty()) {
            return;
        }
        List<OwnedCategory> categories = new TreeMap<>(config.categories()).entrySet().stream()
                .map(entry -> new OwnedCategory(entry.getKey(), entry.getValue()))
                .toList();
        String exportUrl = exports.isUnsatisfied() ? null : config.url()
                .map(url -> url.replaceAll("/+$", "") + "/api/privacy/exports/").orElse(null);
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(null,
                new DataOwnerRegistered(outboxConfig.source(), categories, clock.instant(), exportUrl)));
    }
}
