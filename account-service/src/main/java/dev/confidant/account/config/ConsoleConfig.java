package dev.confidant.account.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * Where the staff console, served by this service, finds the other services as a browser reaches them
 * ({@code confidant.console.*}). Unset: the console's own origin, as behind one ingress host.
 */
@ConfigMapping(prefix = "confidant.console")
public interface ConsoleConfig {

    Optional<String> consentUrl();

    Optional<String> chatUrl();

    Optional<String> retentionUrl();
}
