package dev.confidant.retention.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.platform.runtime.security.ServiceTokens;
import io.quarkus.oidc.client.OidcClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One owner's export of one subject, over HTTP: a MicroProfile REST Client per owner export URL, a client-credentials
 * token from account-service through quarkus-oidc-client, scoped to that owner ({@code audience}) and that subject,
 * and a quick Fault Tolerance retry when the owner cannot be reached. Slower failures are the caller's to retry
 * durably ({@link ExportCollection} keeps a back-off per owner in the database). The token goes only to an export URL
 * under one of the configured base URLs; the answer must be JSON about this subject.
 */
@ApplicationScoped
public class OwnerExportClient {

    /** Why an export could not be had. The message names no personal data and no secret. */
    public static class ExportFailure extends Exception {
        ExportFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The owner could not be reached at all: worth a second try at once. */
    public static final class OwnerUnreachable extends ExportFailure {
        OwnerUnreachable(String message) {
            super(message);
        }
    }

    /** An owner's export endpoint, as {@code PrivacyExportResource} serves it under the announced URL. */
    public interface ExportEndpoint {
        @GET
        @Path("{subject}")
        @Produces(MediaType.APPLICATION_JSON)
        String export(@PathParam("subject") UUID subject, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
    }

    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    OidcClient tokens;

    @Inject
    ExportAllowList exportAllowList;

    @Inject
    ObjectMapper json;

    /** One client per announced export URL; owners are few and their URLs change rarely. */
    private final Map<String, ExportEndpoint> endpoints = new ConcurrentHashMap<>();

    @PreDestroy
    void close() {
        endpoints.values().forEach(endpoint -> {
            if (endpoint instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // shutting down: nothing to do about a client that does not close
                }
            }
        });
    }

    /** The owner's export of {@code subject}, as the JSON text it sent. */
    @Retry(maxRetries = 2, delay = 250, jitter = 100, retryOn = OwnerUnreachable.class)
    public String export(String owner, String exportUrl, UUID subject) throws ExportFailure {
        URI url;
        try {
            url = URI.create(exportUrl + subject).normalize();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ExportFailure("the owner's export URL is not valid");
        }
        if (!exportAllowList.allows(url)) {
            throw new ExportFailure("the owner's export URL is not under confidant.retention.export-base-urls; "
                    + "no token was sent");
        }
        String body;
        try {
            body = endpoint(exportUrl).export(subject, "Bearer " + token(owner, subject));
        } catch (WebApplicationException e) {
            throw new ExportFailure("the owner answered " + e.getResponse().getStatus());
        } catch (ProcessingException e) {
            throw new OwnerUnreachable("the owner could not be reached (" + rootCause(e) + ")");
        }
        try {
            JsonNode export = json.readTree(body);
            if (export == null || !subject.toString().equals(export.path("subjectId").asText())) {
                throw new ExportFailure("the owner's export is not about this subject");
            }
        } catch (JsonProcessingException e) {
            throw new ExportFailure("the owner sent no JSON");
        }
        return body;
    }

    private String token(String owner, UUID subject) throws ExportFailure {
        try {
            return tokens.getTokens(Map.of(ServiceTokens.AUDIENCE_PARAMETER, owner,
                            ServiceTokens.SUBJECT_PARAMETER, subject.toString()))
                    .await().atMost(TOKEN_TIMEOUT).getAccessToken();
        } catch (RuntimeException e) {
            throw new ExportFailure("no service token (" + rootCause(e) + ")");
        }
    }

    private ExportEndpoint endpoint(String exportUrl) {
        return endpoints.computeIfAbsent(exportUrl, url -> RestClientBuilder.newBuilder()
                .baseUri(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                .build(ExportEndpoint.class));
    }

    /** The kind of the first failure, never its message (it may quote a URL with a token or a body). */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
