package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.SupportHours;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a person asking for a human will get one: within support hours, and an agent seen at the desk within the
 * presence window. Presence is kept in the database, so every instance gives the same answer.
 */
@ApplicationScoped
@Startup // malformed support hours stop the service at start, not at the first question
public class SupportAvailability {

    /** Why nobody can answer now: {@code outside-hours} or {@code nobody-online}; null when someone can. */
    public record Availability(boolean agentsAvailable, String reason) {
    }

    /** How often one instance writes an agent's presence: the window is minutes, a write per request is waste. */
    private static final long WRITE_EVERY_SECONDS = 30;

    private final Map<UUID, Instant> written = new ConcurrentHashMap<>();
    private final Optional<SupportHours> hours;
    private final ChatConfig.Support config;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    SupportAvailability(ChatConfig config) {
        this.config = config.support();
        this.hours = this.config.hours().map(SupportHours::parse);
    }

    /** The agent is at the desk now. */
    @Transactional
    public void seen(UUID agent) {
        Instant now = clock.instant();
        Instant last = written.get(agent);
        if (last != null && last.isAfter(now.minusSeconds(WRITE_EVERY_SECONDS))) {
            return;
        }
        entityManager.createNativeQuery("INSERT INTO agent_presence (agent_id, last_seen_at) VALUES (?1, ?2) "
                        + "ON CONFLICT (agent_id) DO UPDATE SET last_seen_at = excluded.last_seen_at")
                .setParameter(1, agent).setParameter(2, now).executeUpdate();
        written.put(agent, now);
    }

    @Transactional
    public Availability now() {
        Instant now = clock.instant();
        if (hours.isPresent() && !hours.get().isOpen(now.atZone(config.timeZone()))) {
            return new Availability(false, "outside-hours");
        }
        boolean online = !entityManager.createNativeQuery("SELECT 1 FROM agent_presence WHERE last_seen_at > ?1 LIMIT 1")
                .setParameter(1, now.minus(config.presenceWindow())).getResultList().isEmpty();
        return online ? new Availability(true, null) : new Availability(false, "nobody-online");
    }
}
