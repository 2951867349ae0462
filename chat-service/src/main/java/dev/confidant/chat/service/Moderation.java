package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Stops prohibited content before it is stored or answered (configurable rules, {@code confidant.chat.moderation-rules}),
 * tells the person why, and records that a rule fired under the purpose "prevent prohibited or illegal activity".
 */
@ApplicationScoped
public class Moderation {

    private final Map<String, Pattern> rules;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    public Moderation(ChatConfig config) {
        rules = config.moderationRules().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                rule -> Pattern.compile(rule.getValue()), (a, b) -> a, TreeMap::new));
    }

    /** Whether no rule matches the text (nothing is recorded). */
    public boolean allows(String text) {
        return broken(text).isEmpty();
    }

    /**
     * Refuses the text with a 422 naming the rule when one matches; the record of it is kept even though the
     * request fails (in its own transaction).
     */
    public void check(UUID subject, UUID conversationId, String text) {
        Optional<String> rule = broken(text);
        if (rule.isPresent()) {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("INSERT INTO "
                            + "moderation_event (id, subject_id, conversation_id, rule, purpose, occurred_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, Randomness.uuid()).setParameter(2, subject).setParameter(3, conversationId)
                    .setParameter(4, rule.get()).setParameter(5, Purposes.PREVENT_ABUSE)
                    .setParameter(6, clock.instant()).executeUpdate());
            throw ProblemException.invalidField("text", "your message was not sent: it breaks our rules on "
                    + "prohibited content (" + rule.get() + ")");
        }
    }

    /** The first rule, by name, that the text breaks. */
    private Optional<String> broken(String text) {
        for (Map.Entry<String, Pattern> rule : rules.entrySet()) {
            if (rule.getValue().matcher(text).find()) {
                return Optional.of(rule.getKey());
            }
        }
        return Optional.empty();
    }
}
