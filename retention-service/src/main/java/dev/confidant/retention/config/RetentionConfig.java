package dev.confidant.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** retention-service settings ({@code confidant.retention.*}). */
@ConfigMapping(prefix = "confidant.retention")
public interface RetentionConfig {

    /** An erase command not acknowledged by every owner after this long is sent again. */
    @WithDefault("10m")
    Duration redispatchAfter();

    /** When the nightly sweep runs (Quartz-style cron). */
    @WithDefault("0 30 2 * * ?")
    String sweepCron();

    /** How often requests and sweeps are checked for owners that have not answered. */
    @WithDefault("1m")
    Duration redispatchCheck();

    /** How often owners' exports for access requests are collected (and unanswered ones retried). */
    @WithDefault("10s")
    Duration accessCollectEvery();

    /** The wait after an owner's failed export before the first retry; it doubles with each failure, up to an hour. */
    @WithDefault("30s")
    Duration accessRetryAfter();

    /** How long a ready access bundle can be downloaded before its content is deleted. */
    @WithDefault("P30D")
    Duration accessBundleRetention();

    /**
     * The base URLs of the owners' services, e.g. {@code http://chat-service:8080}: an announced export URL is fetched
     * (with a service token) only when it lies under one of them. None: no export is fetched.
     */
    Optional<List<String>> exportBaseUrls();

    /** The key that signs erasure certificates. */
    CertificateKey certificateKey();

    /** Earlier certificate keys by key id → public key PEM location, still published so old certificates verify. */
    Map<String, String> retiredCertificateKeys();

    interface CertificateKey {
        /** A PKCS#8 PEM private key; without one a key is generated at start (development only). */
        Optional<String> location();

        Optional<String> id();
    }
}
