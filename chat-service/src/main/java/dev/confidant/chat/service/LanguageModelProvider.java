package dev.confidant.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.confidant.chat.config.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One completion from the language model, guarded: a call that takes longer than
 * {@code confidant.chat.llm.timeout-millis} (8 s) fails — the HTTP client's read timeout and the fault-tolerance
 * timeout both hold it — a failed call is tried once more, and after most of the last calls failed the circuit opens
 * for 30 s, so that questions get the knowledge-base answer at once instead of waiting on a provider that is down;
 * one trial call then decides whether it closes. Empty when no completion could be had. Each guard can be set per
 * deployment, e.g. {@code quarkus.fault-tolerance."dev.confidant.chat.service.LanguageModelProvider/complete"
 * .circuit-breaker.delay=10} (docs/chat.md).
 */
@ApplicationScoped
public class LanguageModelProvider {

    private static final Logger LOG = Logger.getLogger(LanguageModelProvider.class);

    @Inject
    @RestClient
    LanguageModelClient client;

    @Inject
    ChatConfig config;

    @Timeout(8_000) // milliseconds: confidant.chat.llm.timeout-millis overrides it
    @Retry(maxRetries = 1, delay = 0, abortOn = CircuitBreakerOpenException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "unavailable")
    public Optional<String> complete(ObjectNode request) {
        JsonNode content;
        try {
            content = client.complete(config.llm().apiKey().map(key -> "Bearer " + key).orElse(null), request)
                    .path("choices").path(0).path("message").path("content");
        } catch (RuntimeException e) {
            LOG.warnf("Language model call failed (%s)", e.getClass().getSimpleName());
            throw e;
        }
        if (!content.isTextual() || content.asText().isBlank()) {
            throw new IllegalStateException("the provider answered without content");
        }
        return Optional.of(content.asText().strip());
    }

    Optional<String> unavailable(ObjectNode request) {
        return Optional.empty();
    }
}
