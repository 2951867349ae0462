package dev.confidant.platform.runtime;

import dev.confidant.platform.testing.EmbeddedKafkaResource;
import dev.confidant.platform.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Real PostgreSQL and a real Kafka broker, started once for all of this module's tests. */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EmbeddedKafkaResource.class, scope = TestResourceScope.GLOBAL)
public final class SuiteInfrastructure {
    private SuiteInfrastructure() {
    }
}
