package dev.confidant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confidant.platform.testing.EmbeddedKafkaResource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests' Kafka settings against a real broker that enforces them: a KRaft broker whose only client listener
 * is TLS with SCRAM-SHA-512 logins and the {@code simple} (standard) authorizer, its users and ACLs taken from the
 * rendered KafkaUsers, the topics from the KafkaTopics. Each service connects with the production profile's
 * protocol and mechanism, the trust store type of the shared ConfigMap and a login in Strimzi's {@code
 * sasl.jaas.config} form, and may write and read exactly what its KafkaUser allows.
 */
class KafkaTlsScramTest {

    private static final Path PLATFORM_CONFIG =
            Path.of("../platform/runtime/src/main/resources/META-INF/microprofile-config.properties");
    private static final String LISTENER = "SECURED";

    private static KafkaClusterTestKit cluster;
    private static Path dir;
    private static Path caFile;
    private static List<JsonNode> prod;
    private static final Map<String, String> PASSWORDS = new LinkedHashMap<>();

    @BeforeAll
    static void startASecuredBroker() throws Exception {
        Assumptions.assumeTrue(Manifests.kubectlAvailable(), "kubectl is missing: the KafkaUsers cannot be rendered");
        prod = Manifests.overlay("prod");
        dir = Files.createTempDirectory("confidant-kafka-tls");
        Tls tls = Tls.selfSigned(dir);
        caFile = dir.resolve("ca.crt");
        Files.writeString(caFile, tls.certificate());

        PASSWORDS.put("admin", UUID.randomUUID().toString());
        for (JsonNode user : Policies.kind(prod, "KafkaUser")) {
            PASSWORDS.put(user.path("metadata").path("name").asText(), UUID.randomUUID().toString());
        }
        List<ApiMessageAndVersion> records = new ArrayList<>(BootstrapMetadata.fromVersion(
                MetadataVersion.latestProduction(), "confidant-test").records());
        ScramFormatter scram = new ScramFormatter(ScramMechanism.SCRAM_SHA_512);
        for (Map.Entry<String, String> user : PASSWORDS.entrySet()) {
            ScramCredential credential = scram.generateCredential(user.getValue(), 4096);
            records.add(new ApiMessageAndVersion(new UserScramCredentialRecord().setName(user.getKey())
                    .setMechanism(ScramMechanism.SCRAM_SHA_512.type()).setSalt(credential.salt())
                    .setStoredKey(credential.storedKey()).setServerKey(credential.serverKey())
                    .setIterations(credential.iterations()), (short) 0));
        }
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setBootstrapMetadata(BootstrapMetadata.fromRecords(records, "confidant-test"))
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBrokerListenerName(new ListenerName(LISTENER))
                // the test kit only takes PLAINTEXT or SASL_PLAINTEXT here; the protocol map below makes it SASL_SSL
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setBaseDirectory(dir.resolve("kafka"))
                .build();
        String listener = "listener.name." + LISTENER.toLowerCase() + ".";
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        EmbeddedKafkaResource.SINGLE_BROKER.forEach(builder::setConfigProp);
        cluster = builder
                .setConfigProp("listener.security.protocol.map", LISTENER + ":SASL_SSL,CONTROLLER:PLAINTEXT")
                .setConfigProp("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
                .setConfigProp(listener + "scram-sha-512.sasl.jaas.config", jaas("admin"))
                .setConfigProp("ssl.keystore.type", "PEM")
                .setConfigProp("ssl.keystore.certificate.chain", tls.certificate())
                .setConfigProp("ssl.keystore.key", tls.key())
                .setConfigProp("ssl.truststore.type", "PEM")
                .setConfigProp("ssl.truststore.certificates", tls.certificate())
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                // the broker reaches its controller on the plain controller listener, as itself
                .setConfigProp("super.users", "User:admin;User:ANONYMOUS")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();

        try (Admin admin = Admin.create(client("admin"))) {
            List<NewTopic> topics = new ArrayList<>();
            for (JsonNode topic : Policies.kind(prod, "KafkaTopic")) {
                topics.add(new NewTopic(topic.path("spec").path("topicName").asText(), 1, (short) 1));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            admin.createAcls(acls()).all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void productionConnectsWithTlsAndScramAsTheManifestsDo() throws Exception {
        String properties = Files.readString(PLATFORM_CONFIG);
        assertEquals("SASL_SSL", prodSetting(properties, "kafka.security.protocol"));
        assertEquals("SCRAM-SHA-512", prodSetting(properties, "kafka.sasl.mechanism"));
        JsonNode shared = Policies.kind(prod, "ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asText().equals("confidant-shared")).findFirst()
                .orElseThrow().path("data");
        assertEquals("SASL_SSL", shared.path("KAFKA_SECURITY_PROTOCOL").asText());
        assertEquals("SCRAM-SHA-512", shared.path("KAFKA_SASL_MECHANISM").asText());
        assertEquals("PEM", shared.path("KAFKA_SSL_TRUSTSTORE_TYPE").asText());
        for (JsonNode user : Policies.kind(prod, "KafkaUser")) {
            assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText());
        }
    }

    @Test
    void eachServiceWritesAndReadsExactlyWhatItsKafkaUserAllows() throws Exception {
        Set<String> topics = new TreeSet<>();
        Policies.kind(prod, "KafkaTopic").forEach(t -> topics.add(t.path("spec").path("topicName").asText()));
        for (JsonNode user : Policies.kind(prod, "KafkaUser")) {
            String service = user.path("metadata").path("name").asText();
            Set<String> writes = new TreeSet<>();
            topics.stream().filter(t -> hasOperation(user, t, "Write")).forEach(writes::add);
            assertFalse(writes.isEmpty(), service + " writes somewhere");
            try (KafkaProducer<byte[], byte[]> producer = producer(service)) {
                for (String topic : topics) {
                    Throwable failure = send(producer, topic);
                    if (writes.contains(topic)) {
                        assertEquals(null, failure, service + " writes to " + topic);
                    } else {
                        assertInstanceOf(TopicAuthorizationException.class, failure, service + " must not write to "
                                + topic);
                    }
                }
            }
            String readable = topics.stream().filter(t -> hasOperation(user, t, "Read")).findFirst().orElseThrow();
            joins(service, service, readable); // its own group
            assertThrows(GroupAuthorizationException.class, () -> joins(service, "someone-else", readable),
                    service + " must not join another group");
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> settings = client("chat-service");
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"chat-service\" password=\"not-the-password\";");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Throwable failure = send(producer, "confidant.personal-data");
            assertTrue(failure instanceof SaslAuthenticationException
                    || failure != null && failure.getCause() instanceof SaslAuthenticationException,
                    String.valueOf(failure));
        }
    }

    private static boolean hasOperation(JsonNode user, String topic, String operation) {
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            if (acl.path("resource").path("name").asText().equals(topic)) {
                for (JsonNode op : acl.path("operations")) {
                    if (op.asText().equals(operation)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The error a write met, or null when the broker took it. */
    private static Throwable send(KafkaProducer<byte[], byte[]> producer, String topic) {
        try {
            producer.send(new ProducerRecord<>(topic, "k".getBytes(), "v".getBytes())).get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** {@code service} subscribes to {@code topic} in {@code group} and is given its partition within 20 s. */
    private static void joins(String service, String group, String topic) {
        Map<String, Object> settings = client(service);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertFalse(consumer.assignment().isEmpty(), service + " got no partition of " + topic);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String service) {
        Map<String, Object> settings = client(service);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A client as a service in the cluster is configured: protocol, mechanism, PEM trust store, Strimzi's login. */
    private static Map<String, Object> client(String user) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        settings.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user));
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caFile.toString());
        return settings;
    }

    /** A login as Strimzi writes it into the KafkaUser's Secret ({@code sasl.jaas.config}). */
    private static String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + PASSWORDS.get(user) + "\";";
    }

    /** Every KafkaUser's ACLs, as Strimzi's User Operator would create them. */
    private static List<AclBinding> acls() {
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode user : Policies.kind(prod, "KafkaUser")) {
            String principal = "User:" + user.path("metadata").path("name").asText();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                ResourceType type = ResourceType.fromString(resource.path("type").asText().toUpperCase());
                PatternType pattern = resource.path("patternType").asText("literal").equals("prefix")
                        ? PatternType.PREFIXED : PatternType.LITERAL;
                for (JsonNode operation : acl.path("operations")) {
                    bindings.add(new AclBinding(new ResourcePattern(type, resource.path("name").asText(), pattern),
                            new AccessControlEntry(principal, "*", AclOperation.fromString(operation.asText()
                                    .toUpperCase()), AclPermissionType.ALLOW)));
                }
            }
        }
        return bindings;
    }

    private static String prodSetting(String properties, String key) {
        Matcher matcher = Pattern.compile("(?m)^%prod\\." + Pattern.quote(key) + "=(.+)$").matcher(properties);
        assertTrue(matcher.find(), "the production profile sets " + key);
        return matcher.group(1).trim();
    }

    /** A self-signed certificate for localhost and its key, PEM, made with the JDK's keytool. */
    private record Tls(String certificate, String key) {
        static Tls selfSigned(Path dir) throws Exception {
            Path store = dir.resolve("broker.p12");
            char[] password = "changeit".toCharArray();
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                    new String(keytool.getInputStream().readAllBytes()));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            Certificate certificate = keys.getCertificate("broker");
            PrivateKey key = (PrivateKey) keys.getKey("broker", password);
            return new Tls(pem("CERTIFICATE", certificate.getEncoded()), pem("PRIVATE KEY", key.getEncoded()));
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }
    }
}
