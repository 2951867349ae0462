package dev.confidant.consent.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.consent.config.ConsentConfig;
import dev.confidant.consent.domain.ConsentAction;
import dev.confidant.consent.domain.ConsentReceipt;
import dev.confidant.consent.domain.LedgerEntry;
import dev.confidant.consent.domain.Purpose;
import dev.confidant.platform.runtime.signing.JwsKeySet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consent receipts: the fields of the Kantara Initiative Consent Receipt v1.1, signed as a compact JWS with this
 * service's receipt key (published at {@code /.well-known/jwks.json}), one per change, given to the subject and kept.
 */
@ApplicationScoped
public class ConsentReceipts {

    /** The specification version a receipt states. */
    public static final String VERSION = "KI-CR-v1.1.0";
    /** The JWS content type of a receipt. */
    public static final String CONTENT_TYPE = "consent-receipt+json";

    @Inject
    ConsentConfig config;

    @Inject
    JwsKeySet keys;

    @Inject
    ObjectMapper json;

    @Inject
    PurposeCatalogue purposes;

    @Produces
    @Singleton
    static JwsKeySet receiptKeys(ConsentConfig config) {
        return JwsKeySet.load("receipt", config.receiptKey().location(), config.receiptKey().id(),
                config.retiredReceiptKeys());
    }

    /** Signs and stores the receipt for entries already appended to the ledger (they carry its id and hashes). */
    @Transactional(Transactional.TxType.MANDATORY)
    public ConsentReceipt issue(UUID receiptId, UUID subject, List<LedgerEntry> entries, Instant at) {
        LedgerEntry first = entries.get(0);
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("version", VERSION);
        receipt.put("jurisdiction", first.jurisdiction);
        receipt.put("consentTimestamp", at.getEpochSecond());
        receipt.put("collectionMethod", first.method.description());
        receipt.put("consentReceiptID", receiptId.toString());
        receipt.put("publicKey", keys.activeKeyId());
        receipt.put("language", config.language());
        receipt.put("piiPrincipalId", subject.toString());
        Map<String, Object> controller = new LinkedHashMap<>();
        controller.put("piiController", config.controller().name());
        controller.put("onBehalf", false);
        controller.put("contact", config.controller().contact());
        controller.put("address", Map.of("streetAddress", config.controller().address()));
        controller.put("email", config.controller().email());
        config.controller().phone().ifPresent(phone -> controller.put("phone", phone));
        receipt.put("piiControllers", List.of(controller));
        receipt.put("policyUrl", config.policyUrl() + "?version=" + first.policyVersion);
        List<Map<String, Object>> purposeList = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            Purpose purpose = purposes.find(entry.purpose).orElseThrow();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("purpose", purpose.title + ": " + purpose.description);
            item.put("purposeCategory", List.of(purpose.code));
            item.put("consentType", entry.method.name().equals("GPC") ? "IMPLICIT" : "EXPLICIT");
            item.put("piiCategory", purpose.categories);
            item.put("primaryPurpose", false);
            item.put("termination", "until withdrawn; withdrawing is one call to POST /api/consents/me");
            item.put("thirdPartyDisclosure", false);
            // beyond the specification: what this receipt records for the purpose, and where in the ledger
            item.put("consentGiven", entry.action != ConsentAction.WITHDRAW);
            item.put("action", entry.action.code());
            item.put("ledgerEntryId", entry.id.toString());
            item.put("ledgerEntryHash", entry.hash);
            purposeList.add(item);
        }
        receipt.put("services", List.of(Map.of("service", "Confidant customer-service assistant",
                "purposes", purposeList)));
        receipt.put("sensitive", false);
        receipt.put("spiCat", List.of());
        receipt.put("policyVersion", first.policyVersion);
        receipt.put("actor", first.actor.code());
        ConsentReceipt stored = new ConsentReceipt();
        stored.id = receiptId;
        stored.subjectId = subject;
        stored.issuedAt = at;
        try {
            stored.jws = keys.sign(json.writeValueAsString(receipt), CONTENT_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a receipt", e);
        }
        stored.persist();
        return stored;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConsentReceipt> of(UUID subject) {
        return ConsentReceipt.list("subjectId = ?1 order by issuedAt", subject);
    }
}
