package dev.confidant.chat.service;

import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.PiiRedactor;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dataset for improving the assistant: only conversations of subjects whose projected consent grants
 * "improve the service", every message redacted, no subject id, and conversation ids replaced by keyed hashes that
 * differ on every export, so two exports cannot be joined back to a person.
 */
@ApplicationScoped
public class ImprovementDataset {

    /** One conversation of the dataset. */
    public record Sample(String conversation, List<Line> messages) {
    }

    /** One message: who spoke and what was said, redacted. */
    public record Line(String author, String text) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager entityManager;

    @Inject
    Conversations conversations;

    @Inject
    StaffAccessLog accessLog;

    @Transactional
    public List<Sample> export(int limit) {
        accessLog.record(null, "improvement dataset export (" + limit + " conversations at most)",
                "improve the service with consenting subjects' conversations");
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery("SELECT c.id FROM conversation c JOIN consent_projection p "
                        + "ON p.subject_id = c.subject_id AND p.purpose = ?1 AND p.state = 'GRANTED' "
                        + "ORDER BY c.last_activity_at DESC LIMIT ?2")
                .setParameter(1, Purposes.IMPROVE_SERVICE).setParameter(2, limit).getResultList();
        byte[] exportKey = new byte[32];
        RANDOM.nextBytes(exportKey);
        return ids.stream().map(id -> {
            Conversation conversation = Conversation.findById(id);
            List<Line> lines = conversations.messagesOf(conversation).stream()
                    .map(m -> new Line(m.author().code(), PiiRedactor.redact(m.text()))).toList();
            return new Sample(pseudonym(exportKey, id), lines);
        }).toList();
    }

    private static String pseudonym(byte[] key, UUID id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(id.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
