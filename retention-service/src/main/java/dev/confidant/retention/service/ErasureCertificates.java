package dev.confidant.retention.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.signing.JwsKeySet;
import dev.confidant.retention.config.RetentionConfig;
import dev.confidant.retention.domain.ErasureRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Erasure certificates: the request, the subject, every owner with each store's counts and times, what was kept and
 * under which legal basis; signed as a compact JWS with this service's key (published at
 * {@code /.well-known/jwks.json}).
 */
@ApplicationScoped
public class ErasureCertificates {

    public static final String CONTENT_TYPE = "erasure-certificate+json";

    @Inject
    JwsKeySet keys;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager entityManager;

    @Produces
    @Singleton
    static JwsKeySet certificateKeys(RetentionConfig config) {
        return JwsKeySet.load("certificate", config.certificateKey().location(), config.certificateKey().id(),
                config.retiredCertificateKeys());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public String issue(ErasureRequest request, List<ErasureRequests.OwnerAnswer> answers) {
        Map<String, Object> certificate = new LinkedHashMap<>();
        certificate.put("certificateId", Randomness.uuid().toString());
        certificate.put("requestId", request.id.toString());
        certificate.put("subjectId", request.subjectId.toString());
        certificate.put("origin", request.origin.name().toLowerCase().replace('_', '-'));
        certificate.put("receivedAt", request.receivedAt.toString());
        certificate.put("deadline", request.deadline.toString());
        certificate.put("completedAt", request.completedAt.toString());
        List<Map<String, Object>> owners = new ArrayList<>();
        try {
            for (ErasureRequests.OwnerAnswer answer : answers) {
                Map<String, Object> owner = new LinkedHashMap<>();
                owner.put("owner", answer.owner());
                owner.put("acknowledgedAt", answer.acknowledgedAt().toString());
                owner.put("erased", json.readTree(answer.erased()));
                owner.put("retained", json.readTree(answer.retained()));
                owners.add(owner);
            }
            certificate.put("owners", owners);
            certificate.put("issuer", "retention-service");
            String jws = keys.sign(json.writeValueAsString(certificate), CONTENT_TYPE);
            entityManager.createNativeQuery("INSERT INTO erasure_certificate (request_id, issued_at, jws) "
                    + "VALUES (?1, ?2, ?3)").setParameter(1, request.id).setParameter(2, request.completedAt)
                    .setParameter(3, jws).executeUpdate();
            return jws;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> of(UUID requestId) {
        @SuppressWarnings("unchecked")
        List<String> jws = entityManager.createNativeQuery("SELECT jws FROM erasure_certificate WHERE request_id = ?1")
                .setParameter(1, requestId).getResultList();
        return jws.stream().findFirst();
    }
}
