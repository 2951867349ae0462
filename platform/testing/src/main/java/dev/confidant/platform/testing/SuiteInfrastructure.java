package dev.confidant.platform.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on one test class of a module: real PostgreSQL and a real Kafka broker, started once and shared by all the
 * module's Quarkus tests (or the external servers named in the environment, see the two resources).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = EmbeddedKafkaResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
public @interface SuiteInfrastructure {
}
