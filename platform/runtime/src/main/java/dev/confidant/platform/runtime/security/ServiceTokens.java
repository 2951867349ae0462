package dev.confidant.platform.runtime.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Access tokens for this service itself, from account-service's OAuth 2.0 client-credentials grant (RFC 6749 §4.4),
 * kept until shortly before they expire. Blocking: call it from a worker thread or a scheduled job.
 */
@ApplicationScoped
public class ServiceTokens {

    /** A token could not be had: not configured, refused or unreachable. The message holds no secret. */
    public static class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    private static final Duration EARLY = Duration.ofSeconds(30);

    @Inject
    ServiceClientConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private Instant renewAt = Instant.MIN;

    /** Whether this service has client credentials at all. */
    public boolean configured() {
        return config.tokenUrl().isPresent() && config.id().isPresent() && config.secret().isPresent();
    }

    /** A valid bearer token (without the "Bearer " prefix). */
    public synchronized String token() {
        if (token != null && clock.instant().isBefore(renewAt)) {
            return token;
        }
        if (!configured()) {
            throw new UnavailableException("no service client configured (confidant.service-client.*)");
        }
        String basic = Base64.getEncoder().encodeToString((config.id().orElseThrow() + ":" + config.secret().orElseThrow())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.tokenUrl().orElseThrow()))
                .timeout(config.timeout())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new UnavailableException("token endpoint answered " + response.statusCode());
            }
            JsonNode body = json.readTree(response.body());
            Instant now = clock.instant();
            token = body.path("access_token").asText();
            renewAt = now.plusSeconds(body.path("expires_in").asLong(60)).minus(EARLY);
            return token;
        } catch (IOException e) {
            throw new UnavailableException("token endpoint unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted");
        }
    }

    /** Forget the token, e.g. after a service refused it. */
    public synchronized void forget() {
        token = null;
    }
}
