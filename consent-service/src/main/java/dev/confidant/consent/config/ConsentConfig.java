package dev.confidant.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** consent-service settings ({@code confidant.consent.*}). */
@ConfigMapping(prefix = "confidant.consent")
public interface ConsentConfig {

    /** How long before it takes effect a material policy version must be published. */
    @WithDefault("P30D")
    Duration noticePeriod();

    /** How often the purpose catalogue and policy versions are reloaded (other instances' changes). */
    @WithDefault("30s")
    Duration catalogueRefresh();

    /** The jurisdiction recorded when a request names none. */
    @WithDefault("EU")
    String defaultJurisdiction();

    /** The language of consent receipts. */
    @WithDefault("en")
    String language();

    /** Where the privacy policy is published, for receipts. */
    @WithDefault("https://confidant.dev/privacy")
    String policyUrl();

    /** The controller named on consent receipts. */
    Controller controller();

    /** The key that signs consent receipts. */
    ReceiptKey receiptKey();

    /** Earlier receipt keys by key id → public key PEM location, still published so old receipts verify. */
    Map<String, String> retiredReceiptKeys();

    /** Consent changes one subject may make per minute (429 beyond), so no client can flood the ledger. */
    @WithDefault("60")
    int choicesPerMinute();

    /**
     * Consent changes and first Global Privacy Control signals per client address and minute (429 beyond): visitor
     * subjects are free, so a per-subject limit alone does not bound what one client writes to the ledger.
     */
    @WithDefault("120")
    int changesPerAddressPerMinute();

    /** Most rows one auditor page may hold. */
    @WithDefault("500")
    int maxPageSize();

    interface Controller {
        @WithDefault("Confidant")
        String name();

        @WithDefault("Data Protection Officer")
        String contact();

        @WithDefault("dpo@confidant.dev")
        String email();

        @WithDefault("Confidant, Privacy Office")
        String address();

        Optional<String> phone();
    }

    interface ReceiptKey {
        /** A PKCS#8 PEM private key; without one a key is generated at start (development only). */
        Optional<String> location();

        /** The key id ({@code kid}); by default the key's RFC 7638 thumbprint. */
        Optional<String> id();
    }
}
