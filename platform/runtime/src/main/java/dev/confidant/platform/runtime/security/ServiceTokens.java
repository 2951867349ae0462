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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * Access tokens for this service itself, from account-service's OAuth 2.0 client-credentials grant (RFC 6749 §4.4),
 * each scoped to one owner service and one data subject. Blocking: call it from a worker thread or a scheduled job.
 */
@ApplicationScoped
public class ServiceTokens {

    /** A token could not be had: not configured, refused or unreachable. The message holds no secret. */
    public static class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    /** The claim naming the one data subject a service token is for. */
    public static final String DATA_SUBJECT_CLAIM = "data_subject";

    @Inject
    ServiceClientConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Whether this service has client credentials at all. */
    public boolean configured() {
        return config.tokenUrl().isPresent() && config.id().isPresent() && config.secret().isPresent();
    }

    /**
     * A fresh bearer token (without the "Bearer " prefix) valid only at the service {@code audience} and only for
     * {@code dataSubject}. Not cached: each is for one call.
     */
    public String token(String audience, UUID dataSubject) {
        if (!configured()) {
            throw new UnavailableException("no service client configured (confidant.service-client.*)");
        }
        String basic = Base64.getEncoder().encodeToString((config.id().orElseThrow() + ":" + config.secret().orElseThrow())
                .getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials&audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8)
                + "&subject=" + dataSubject;
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.tokenUrl().orElseThrow()))
                .timeout(config.timeout())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new UnavailableException("token endpoint answered " + response.statusCode());
            }
            JsonNode body = json.readTree(response.body());
            return body.path("access_token").asText();
        } catch (IOException e) {
            throw new UnavailableException("token endpoint unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted");
        }
    }
}
