package dev.confidant.retention.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.retention.domain.AccessRequest;
import dev.confidant.retention.domain.ErasureRequest;
import dev.confidant.retention.domain.ErasureStatus;
import dev.confidant.retention.service.AccessRequests;
import dev.confidant.retention.service.ErasureCertificates;
import dev.confidant.retention.service.ErasureRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** How requests and certificates look to their callers, whichever way they reach them (token or receipt). */
@ApplicationScoped
public class RequestViews {

    @Inject
    ErasureRequests requests;

    @Inject
    AccessRequests accessRequests;

    @Inject
    ErasureCertificates certificates;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    public Views.RequestView of(ErasureRequest r) {
        List<Views.OwnerView> owners = requests.answers(r.id).stream().map(a -> new Views.OwnerView(a.owner(),
                a.acknowledgedAt() == null ? "pending" : "acknowledged", a.acknowledgedAt(), tree(a.erased()),
                tree(a.retained()), null, null, null)).toList();
        return new Views.RequestView(r.id, "erasure", r.subjectId, r.origin.name().toLowerCase().replace('_', '-'),
                r.status.code(), r.receivedAt, r.deadline, daysLeft(r.status == ErasureStatus.COMPLETED, r.deadline),
                r.extensionReason, r.heldReason, r.completedAt, null, owners, null);
    }

    public Views.RequestView of(AccessRequest r) {
        List<Views.OwnerView> owners = accessRequests.parts(r.id).stream().map(p -> new Views.OwnerView(p.owner(),
                p.status().toLowerCase().replace('_', '-'), null, null, null, p.collectedAt(), p.attempts(),
                p.lastError())).toList();
        return new Views.RequestView(r.id, "access", r.subjectId, r.origin, r.status.name().toLowerCase(), r.receivedAt,
                r.deadline, daysLeft(r.status != AccessRequest.Status.COLLECTING, r.deadline), null, null, r.readyAt,
                r.bundleExpiresAt, owners, null);
    }

    /** The signed certificate and its content; empty until the request is complete. */
    public Optional<Views.CertificateView> certificate(ErasureRequest request) {
        return certificates.of(request.id).map(jws -> new Views.CertificateView(request.id, jws,
                tree(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8))));
    }

    private long daysLeft(boolean done, Instant deadline) {
        return done ? 0 : Math.max(0, Duration.between(clock.instant(), deadline).toDays());
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
