package dev.confidant.platform.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Runs the whole suite on one machine with only a JDK: embedded PostgreSQL with a database and a role per service,
 * an embedded KRaft Kafka broker with the topics created, and the four services as separate processes from their
 * packaged applications, wired together. Ctrl-C (or SIGTERM) stops everything.
 */
public final class Devstack implements AutoCloseable {

    /**
     * How long a service may take to become ready. Eight service JVMs starting at once on two busy cores have taken
     * 95–152 s (the replicas wait for each other's migrations), so 150 s was too close.
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    private final DevstackOptions options;
    private final PrintStream out;
    private EmbeddedPostgres postgres;
    private KafkaBroker kafka;
    private EventSigningKeys eventKeys;
    private MailCatcher mail;
    private final List<ServiceProcess> services = new ArrayList<>();
    private volatile boolean closed;

    public Devstack(DevstackOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        DevstackOptions options;
        try {
            options = DevstackOptions.parse(args, System.getenv(), Path.of("").toAbsolutePath());
        } catch (DevstackOptions.UsageException e) {
            if (e.getMessage() == null) {
                System.out.print(DevstackOptions.USAGE); // --help
                System.exit(0);
            }
            System.err.println(e.getMessage() + "\n\n" + DevstackOptions.USAGE);
            System.exit(2);
            return;
        }
        Devstack devstack = new Devstack(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            devstack.close();
            stopped.countDown();
        }, "devstack-shutdown"));
        try {
            devstack.start();
        } catch (PortTakenException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            System.err.println("The devstack could not start: " + e.getMessage());
            System.exit(1);
        }
        devstack.printSummary();
        stopped.await();
    }

    /** Starts every component and waits until all four services are ready. */
    public void start() throws Exception {
        checkPorts();
        if (options.fresh() && Files.exists(options.dataDir())) {
            step("Deleting " + options.dataDir());
            deleteRecursively(options.dataDir());
        }
        Files.createDirectories(options.dataDir());
        // after --fresh deleted the old directory, before Kafka or PostgreSQL log anything
        quietInfrastructureLogs(options.dataDir());

        long t0 = System.nanoTime();
        postgres = startPostgres();
        done("PostgreSQL " + options.host() + ":" + options.postgresPort() + " with databases "
                + String.join(", ", databases()), t0);

        t0 = System.nanoTime();
        kafka = KafkaBroker.start(options.host(), options.kafkaPort(), options.dataDir().resolve("kafka"));
        done("Kafka " + kafka.bootstrapServers() + " with the suite's topics", t0);

        t0 = System.nanoTime();
        mail = MailCatcher.start(options.host(), options.smtpPort(), out);
        done("Mail catcher (SMTP) " + options.host() + ":" + options.smtpPort() + ": mails appear here", t0);

        SigningKeys tokenKeys = SigningKeys.loadOrGenerate(options.dataDir().resolve("keys"), "jwt");
        SigningKeys receiptKeys = SigningKeys.loadOrGenerate(options.dataDir().resolve("keys"), "consent-receipt");
        SigningKeys certificateKeys = SigningKeys.loadOrGenerate(options.dataDir().resolve("keys"),
                "erasure-certificate");
        eventKeys = EventSigningKeys.loadOrGenerate(options.dataDir().resolve("keys"), DevstackOptions.services());
        t0 = System.nanoTime();
        for (String service : DevstackOptions.services()) {
            for (int k = 0; k < options.replicas(); k++) {
                int port = options.replicaPort(service, k);
                String name = k == 0 ? service : service + "-" + (k + 1);
                services.add(ServiceProcess.start(name, application(service), options.host(), port,
                        port + options.managementPortOffset(), maxHeapMb(service),
                        environment(service, tokenKeys, receiptKeys, certificateKeys), options.dataDir().resolve("logs")));
                step("Started " + name + " (pid " + services.get(services.size() - 1).pid() + ")");
            }
        }
        for (ServiceProcess service : services) {
            service.awaitReady(READY_TIMEOUT);
            done(service.name() + " ready at " + service.baseUrl(), t0);
        }
    }

    private EmbeddedPostgres startPostgres() throws IOException, SQLException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(options.postgresPort())
                .setDataDirectory(options.dataDir().resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60)) // not zonky's 10 s: two busy cores can take longer
                .start();
        try (Connection connection = pg.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (String database : databases()) {
                if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", database)) {
                    statement.execute("CREATE ROLE " + database + " LOGIN PASSWORD '" + database + "'");
                }
                if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                    statement.execute("CREATE DATABASE " + database + " OWNER " + database);
                }
            }
        }
        return pg;
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Map<String, String> environment(String service, SigningKeys tokenKeys, SigningKeys receiptKeys,
                                            SigningKeys certificateKeys) {
        String database = database(service);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", database);
        env.put("QUARKUS_DATASOURCE_PASSWORD", database);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"); // the packaged services default to SASL_SSL
        // each service signs its events with its own key and accepts records only from the others' pinned keys
        env.put("CONFIDANT_EVENTS_SIGNING_KEY", eventKeys.privateKey(service));
        env.put("CONFIDANT_EVENTS_TRUSTED_KEYS", eventKeys.trustedKeys());
        // every service, account-service included, verifies tokens against account-service's JWKS
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", url("account-service") + "/.well-known/jwks.json");
        env.put("CONFIDANT_JWT_ISSUER", url("account-service"));
        env.put("QUARKUS_MAILER_HOST", options.host());
        env.put("QUARKUS_MAILER_PORT", Integer.toString(options.smtpPort()));
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        env.put("QUARKUS_MAILER_MOCK", "false");
        if (!options.clockOffset().isZero()) {
            env.put("CONFIDANT_CLOCK_OFFSET", options.clockOffset().toString());
        }
        // where retention-service fetches each owner's export for access requests
        env.put("CONFIDANT_DATA_OWNER_URL", url(service));
        String retentionClientSecret = secret(options.dataDir().resolve("keys"), "retention-client-secret");
        if (service.equals("account-service")) {
            // the staff console, served here, calls the other services from the browser
            env.put("CONFIDANT_CONSOLE_CONSENT_URL", url("consent-service"));
            env.put("CONFIDANT_CONSOLE_CHAT_URL", url("chat-service"));
            env.put("CONFIDANT_CONSOLE_RETENTION_URL", url("retention-service"));
            env.put("CONFIDANT_RETENTION_CLIENT_SECRET_SHA256", sha256(retentionClientSecret));
            env.put("CONFIDANT_JWT_SIGNING_KEY_LOCATION", tokenKeys.privateKey().toUri().toString());
            env.put("CONFIDANT_ACCOUNT_PUBLIC_URL", url("account-service"));
            env.put("CONFIDANT_ACCOUNT_BOOTSTRAP_ADMIN_EMAIL", "admin@confidant.local");
        }
        if (service.equals("chat-service")) {
            env.put("CONFIDANT_CHAT_KEY_ENCRYPTION_KEY", keyEncryptionKey(options.dataDir().resolve("keys")));
            env.put("CONFIDANT_CHAT_BLOB_DIRECTORY", options.dataDir().resolve("chat-blobs").toString());
            options.helpCentre().ifPresent(dir -> env.put("CONFIDANT_CHAT_ASSISTANT_IMPORT_DIRECTORY", dir.toString()));
        }
        if (service.equals("retention-service")) {
            env.put("CONFIDANT_RETENTION_CERTIFICATE_KEY_LOCATION", certificateKeys.privateKey().toUri().toString());
            env.put("CONFIDANT_SERVICE_CLIENT_TOKEN_URL", url("account-service") + "/api/auth/token");
            env.put("CONFIDANT_SERVICE_CLIENT_SECRET", retentionClientSecret);
            // a service token goes only to the suite's own services
            env.put("CONFIDANT_RETENTION_EXPORT_BASE_URLS", String.join(",", DevstackOptions.services().stream()
                    .map(this::url).toList()));
        }
        if (service.equals("consent-service")) {
            env.put("CONFIDANT_CONSENT_RECEIPT_KEY_LOCATION", receiptKeys.privateKey().toUri().toString());
        }
        // the widget on the demo page (and any --widget-origins page) calls every service from the browser
        env.put("QUARKUS_HTTP_CORS_ORIGINS", String.join(",", browserOrigins()));
        if (service.equals("chat-service")) {
            env.put("CONFIDANT_CHAT_WIDGET_DEMO_PAGE", "true");
            env.put("CONFIDANT_CHAT_WIDGET_ACCOUNT_URL", url("account-service"));
            env.put("CONFIDANT_CHAT_WIDGET_CONSENT_URL", url("consent-service"));
            env.put("CONFIDANT_CHAT_WIDGET_RETENTION_URL", url("retention-service"));
        }
        for (String other : DevstackOptions.services()) {
            String key = "CONFIDANT_" + other.replace("-service", "").toUpperCase() + "_URL";
            env.put(key, "http://" + options.host() + ":" + options.servicePorts().get(other));
        }
        return env;
    }

    /** The demo page's origin, by address and by name, and the ones given with --widget-origins. */
    private List<String> widgetOrigins() {
        List<String> origins = new ArrayList<>(ownOrigins("chat-service"));
        origins.addAll(options.widgetOrigins());
        return origins;
    }

    /** Where browsers may call the services from: the widget's pages and the staff console (account-service). */
    private List<String> browserOrigins() {
        List<String> origins = new ArrayList<>(widgetOrigins());
        origins.addAll(ownOrigins("account-service"));
        return origins;
    }

    /** A service's origin, by address and, on this machine, by name. */
    private List<String> ownOrigins(String service) {
        int port = options.servicePorts().get(service);
        List<String> origins = new ArrayList<>(List.of("http://" + options.host() + ":" + port));
        if (options.host().equals("127.0.0.1")) {
            origins.add("http://localhost:" + port);
        }
        return origins;
    }

    /** chat-service's key-encryption key, generated once per data directory so chats stay readable across restarts. */
    private static String keyEncryptionKey(Path dir) {
        return secret(dir, "chat-kek.b64");
    }

    /** 256 random bits, Base64, generated once per data directory and kept in {@code dir/name}. */
    private static String secret(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            if (!Files.isRegularFile(file)) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Files.createDirectories(dir);
                Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot keep " + name, e);
        }
    }

    private static String sha256(String secret) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints where everything is. */
    public void printSummary() {
        out.println();
        out.printf("%-20s %-24s %-24s %-8s %s%n", "SERVICE", "URL", "MANAGEMENT", "HEALTH", "LOG");
        for (ServiceProcess service : services) {
            out.printf("%-20s %-24s %-24s %-8s %s%n", service.name(), service.baseUrl(), service.managementUrl(),
                    service.health(), options.root().relativize(service.log()));
        }
        out.println();
        out.printf("%-20s %s  (a demo site with the widget: open it in a browser)%n", "widget demo", url("chat-service") + "/");
        out.printf("%-20s %s%n", "embed snippet", embedSnippet());
        out.printf("%-20s %s  (sign in as staff, e.g. admin@confidant.local)%n", "staff console",
                url("account-service") + "/console");
        out.printf("%-20s %s  (--widget-origins adds your own page's origin)%n", "widget origins",
                String.join(", ", widgetOrigins()));
        out.printf("%-20s %s  (health, metrics and OpenAPI are on each service's management port)%n",
                "OpenAPI (each)", "http://" + options.host() + ":" + options.managementPort("account-service")
                        + "/q/swagger-ui");
        for (String database : databases()) {
            out.printf("%-20s %s  (user %s, password %s)%n", "database " + database, jdbcUrl(database), database,
                    database);
        }
        out.printf("%-20s %s%n", "Kafka bootstrap", kafka.bootstrapServers());
        out.printf("%-20s %s:%d (mails are printed here; admin@confidant.local got a link to set its password)%n",
                "mail (SMTP)", options.host(), options.smtpPort());
        out.printf("%-20s %s%n", "help articles", options.helpCentre().map(Path::toString)
                .orElse("the built-in seed articles (--kb-dir imports a folder of Markdown articles)"));
        out.printf("%-20s %s%n", "data directory", options.dataDir());
        out.println();
        if (!options.clockOffset().isZero()) {
            out.println("Every service's clock runs " + options.clockOffset() + " ahead (--clock-offset).");
        }
        if (options.replicas() > 1) {
            out.println("Each service runs " + options.replicas() + " instances (--replicas), on its port and every "
                    + DevstackOptions.REPLICA_PORT_STEP + " ports above; they share the service's database.");
        }
        out.println("All four services are up. Press Ctrl-C to stop everything.");
    }

    /** What a page pastes to embed the widget from this devstack (docs/widget.md). */
    String embedSnippet() {
        return "<script src=\"" + url("chat-service") + "/widget/confidant.js\" data-confidant-url=\""
                + url("chat-service") + "\" async></script>";
    }

    /** Stops the services (together), then Kafka, then PostgreSQL. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.println();
        out.println("Stopping the devstack...");
        // all at once: each shuts down its consumers and pools on its own, so the wait is the slowest one's
        services.forEach(ServiceProcess::askToStop);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (ServiceProcess service : services) {
            try {
                service.awaitStop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (mail != null) {
            mail.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                out.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        out.println("Stopped.");
    }

    private void checkPorts() {
        List<PortNeed> needs = new ArrayList<>();
        needs.add(new PortNeed(options.postgresPort(), "PostgreSQL", "--pg-port or CONFIDANT_PG_PORT"));
        needs.add(new PortNeed(options.kafkaPort(), "Kafka", "--kafka-port or CONFIDANT_KAFKA_PORT"));
        needs.add(new PortNeed(options.kafkaPort() + 1, "the Kafka controller", "--kafka-port (it uses the next port)"));
        needs.add(new PortNeed(options.smtpPort(), "the mail catcher", "--smtp-port or CONFIDANT_SMTP_PORT"));
        options.servicePorts().keySet().forEach(service -> {
            String name = service.replace("-service", "");
            for (int k = 0; k < options.replicas(); k++) {
                int port = options.replicaPort(service, k);
                String which = k == 0 ? service : "replica " + (k + 1) + " of " + service;
                needs.add(new PortNeed(port, which, "--" + name + "-port or CONFIDANT_" + name.toUpperCase()
                        + "_PORT"));
                needs.add(new PortNeed(port + options.managementPortOffset(), which + "'s management interface",
                        "--management-port-offset or --" + name + "-port"));
            }
        });
        if (needs.stream().map(PortNeed::port).distinct().count() < needs.size()) {
            throw new PortTakenException("Two components were given the same port; every port must differ.");
        }
        for (PortNeed need : needs) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(options.host(), need.port()));
            } catch (IOException e) {
                throw new PortTakenException("Port " + need.port() + " on " + options.host() + " is taken, so "
                        + need.component() + " cannot start. Stop what uses it, or choose another port with "
                        + need.option() + ".");
            }
        }
    }

    private record PortNeed(int port, String component, String option) {
    }

    /**
     * The most heap a service may grow to. chat-service holds every open widget connection: with 15,000 open it had
     * 240–290 MB of live heap (docs/benchmarks.md) and ran out of 256 MB, so it may grow to 512 MB; the others stay
     * within 256.
     */
    static int maxHeapMb(String service) {
        return service.equals("chat-service") ? 512 : 256;
    }

    private Path application(String service) {
        return options.root().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private String url(String service) {
        return "http://" + options.host() + ":" + options.servicePorts().get(service);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + options.host() + ":" + options.postgresPort() + "/" + database;
    }

    private static List<String> databases() {
        return DevstackOptions.services().stream().map(Devstack::database).toList();
    }

    private static String database(String service) {
        return service.replace("-service", "");
    }

    private void step(String message) {
        out.println("  ..  " + message);
    }

    private void done(String message, long startedNanos) {
        out.printf("  ok  %s (%.1f s)%n", message, (System.nanoTime() - startedNanos) / 1e9);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Kafka and PostgreSQL log through SLF4J: send their chatter to a file, not the console. */
    static void quietInfrastructureLogs(Path dataDir) throws IOException {
        Path logs = dataDir.resolve("logs");
        Files.createDirectories(logs);
        System.setProperty("org.slf4j.simpleLogger.logFile", logs.resolve("infrastructure.log").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }

    /** A port the devstack needs is in use. */
    static final class PortTakenException extends RuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
