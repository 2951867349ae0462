package dev.confidant.platform.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code ./mvnw verify -Ptestcontainers}: the same tests against PostgreSQL and Kafka in containers, at the versions
 * production runs (CloudNativePG's PostgreSQL image as the manifests name it; Apache Kafka 4.1, the version of the
 * client and of the embedded broker, since Strimzi's image needs its operator to start). One container of each per
 * test JVM, started on first use and stopped when the JVM ends. Where no Docker daemon answers, one line says so
 * and the embedded servers are used, so the profile never fails a build for lack of Docker.
 */
final class ContainerServers {

    static final String POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:16.6";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static Boolean docker;
    private static PostgreSQLContainer postgres;
    private static KafkaContainer kafka;

    private ContainerServers() {
    }

    /** Whether {@code -Ptestcontainers} asked for containers and a Docker daemon answers. */
    static synchronized boolean use() {
        if (!Boolean.getBoolean("confidant.test.containers")) {
            return false;
        }
        if (docker == null) {
            docker = dockerAnswers();
            if (!docker) {
                System.out.println("-Ptestcontainers: no Docker daemon answers here; the tests use the embedded "
                        + "PostgreSQL and Kafka");
            }
        }
        return docker;
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static synchronized PostgreSQLContainer postgres() {
        if (postgres == null) {
            postgres = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE).asCompatibleSubstituteFor(
                    "postgres"));
            postgres.start();
        }
        return postgres;
    }

    static synchronized KafkaContainer kafka() {
        if (kafka == null) {
            kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
            kafka.start();
        }
        return kafka;
    }
}
