package dev.confidant.platform.runtime.signing;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The keys of event signing ({@code confidant.events.*}): this service's RSA private key and the public keys of
 * every producer it accepts records from, itself included (docs/security.md: signed events).
 */
@ConfigMapping(prefix = "confidant.events")
public interface EventSigningConfig {

    /**
     * This service's signing key, Base64 PKCS#8 or PEM (from a Kubernetes Secret). Required in production; in dev and
     * test a generated key is used when neither this nor {@link #signingKeyLocation()} is set.
     */
    Optional<String> signingKey();

    /** Where the signing key's PEM file is instead: a file path, {@code file:} URI or classpath resource. */
    Optional<String> signingKeyLocation();

    /**
     * The pinned public keys of every producer, {@code producer:Base64 X.509} separated by commas, e.g.
     * {@code account-service:MCowBQYDK2VwAyEA…,chat-service:MCow…}. A producer listed twice is trusted with both
     * keys (a rotation). A record signed by anyone else is refused.
     */
    Optional<String> trustedKeys();
}
