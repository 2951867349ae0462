package dev.confidant.platform.testing;

import dev.confidant.platform.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real in-process KRaft Kafka broker (one combined broker and controller) for a module's Quarkus tests and
 * points {@code kafka.bootstrap.servers} at it, with the suite's topics ({@link Topics#ALL}) created as the devstack
 * creates them and automatic topic creation off. When {@code KAFKA_BOOTSTRAP_SERVERS} (or
 * {@code -Dkafka.bootstrap.servers}) is given, that broker is used instead. Dev Services stay off either way.
 *
 * <p>Tests that simulate an outage use {@link #stopBroker()} and {@link #startBroker()}; the broker comes back on
 * the same port with its data.
 */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    private static volatile KafkaClusterTestKit cluster;
    private static volatile String bootstrapServers;

    @Override
    public Map<String, String> start() {
        String external = ExternalServers.value("kafka.bootstrap.servers");
        if (external != null) {
            bootstrapServers = external;
            return Map.of("quarkus.kafka.devservices.enabled", "false");
        }
        if (ContainerServers.use()) {
            bootstrapServers = ContainerServers.kafka().getBootstrapServers();
            try {
                createTopics(bootstrapServers);
            } catch (Exception e) {
                throw new IllegalStateException("the suite's topics could not be created", e);
            }
            return Map.of("quarkus.kafka.devservices.enabled", "false", "kafka.bootstrap.servers", bootstrapServers);
        }
        try {
            cluster = startCluster();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka did not start", e);
        }
        bootstrapServers = cluster.bootstrapServers();
        return Map.of(
                "quarkus.kafka.devservices.enabled", "false",
                "kafka.bootstrap.servers", bootstrapServers);
    }

    /**
     * What a broker that is its own controller needs: internal topics that do not wait for replicas that will never
     * exist, groups that form at once, and no topic created by a typo (the suite's topics are created explicitly).
     */
    public static final Map<String, String> SINGLE_BROKER = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");

    static KafkaClusterTestKit startCluster() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        SINGLE_BROKER.forEach(builder::setConfigProp);
        KafkaClusterTestKit kit = builder.build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        createTopics(kit.bootstrapServers());
        return kit;
    }

    /** The suite's topics with their settings; ones that exist already (a broker shared by modules) are kept. */
    static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            java.util.Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            admin.createTopics(Topics.ALL.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Topics.PARTITIONS, (short) 1).configs(Topics.settings(topic)))
                    .toList()).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** The bootstrap address of the broker the tests use. */
    public static String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("EmbeddedKafkaResource has not started");
        }
        return bootstrapServers;
    }

    /** Whether the tests run on the embedded broker (rather than an external one), so outages can be simulated. */
    public static boolean isEmbedded() {
        return cluster != null;
    }

    /** Stops the embedded broker (its controller keeps running) to simulate an outage. */
    public static void stopBroker() {
        broker().shutdown();
        broker().awaitShutdown();
    }

    /** Starts the embedded broker again after {@link #stopBroker()}, on the same port. */
    public static void startBroker() throws Exception {
        broker().startup();
        cluster.waitForReadyBrokers();
    }

    private static BrokerServer broker() {
        if (cluster == null) {
            throw new IllegalStateException("outages can only be simulated on the embedded broker");
        }
        return cluster.brokers().values().iterator().next();
    }

    @Override
    public void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("embedded Kafka did not stop cleanly", e);
            } finally {
                cluster = null;
                bootstrapServers = null;
            }
        }
    }
}
