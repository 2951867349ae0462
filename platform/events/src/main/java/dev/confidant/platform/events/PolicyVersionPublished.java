package dev.confidant.platform.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A new privacy policy version: account-service mails account holders before {@code effectiveAt}.
 */
@EventType(name = "PolicyVersionPublished", version = 1, topic = Topics.CONSENT, subjectScoped = false,
        producers = Services.CONSENT)
public record PolicyVersionPublished(String version, Instant publishedAt, Instant effectiveAt, boolean material,
                                     String summary) implements EventPayload {
    public PolicyVersionPublished {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(summary, "summary");
    }

    @Override
    public String partitionKey() {
        return "policy";
    }
}
