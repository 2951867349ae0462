package dev.confidant.platform.runtime.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * This service's own credentials at account-service ({@code confidant.service-client.*}), for calls it makes to other
 * services as itself rather than for a person. Only services that make such calls set them.
 */
@ConfigMapping(prefix = "confidant.service-client")
public interface ServiceClientConfig {

    /** account-service's token endpoint, e.g. {@code http://account-service:8081/api/auth/token}. */
    Optional<String> tokenUrl();

    /** The client id account-service knows this service by. */
    Optional<String> id();

    /** The client secret (from a Kubernetes Secret; account-service keeps only its SHA-256). */
    Optional<String> secret();

    /** How long a call to the token endpoint may take. */
    @WithDefault("5s")
    Duration timeout();
}
