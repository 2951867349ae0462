package dev.confidant.platform.runtime.config;

import io.smallrye.config.ConfigMapping;

import java.util.Map;

/**
 * The secrets a service cannot run in production without, each as the environment variable its Kubernetes Secret
 * fills: {@code %prod.confidant.production.secrets.<name>=${ENV_VAR}} in the platform's and each service's
 * configuration. The values are never used from here; reading them at start is the point. A missing one stops the
 * service before it opens a database connection or a Kafka client, with a message that names the variable
 * ("Could not expand value CONFIDANT_CHAT_KEY_ENCRYPTION_KEY …"), instead of failing later in a way that hides it.
 * A deploy test checks that every variable named here is set by the service's Deployment.
 */
@ConfigMapping(prefix = "confidant.production")
public interface ProductionSecrets {

    /** By name: the secret's value, which must resolve. Empty outside the production profile. */
    Map<String, String> secrets();
}
