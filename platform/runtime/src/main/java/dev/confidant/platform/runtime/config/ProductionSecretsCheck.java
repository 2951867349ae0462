package dev.confidant.platform.runtime.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Registers {@link ProductionSecrets} (a mapping is read, and so checked, when the runtime configuration is built,
 * before any database or Kafka connection, only once something injects it) and says at start how many it found.
 */
@ApplicationScoped
class ProductionSecretsCheck {

    private static final Logger LOG = Logger.getLogger(ProductionSecretsCheck.class);

    @Inject
    ProductionSecrets secrets;

    void started(@Observes StartupEvent event) {
        if (!secrets.secrets().isEmpty()) {
            LOG.infof("All %d secrets production requires are set", secrets.secrets().size());
        }
    }
}
