package dev.confidant.platform.devstack;

import dev.confidant.platform.events.Services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the devstack starts and where. Each option is a flag ({@code --pg-port 25432}) or an environment variable
 * ({@code CONFIDANT_PG_PORT=25432}); the flag wins.
 */
record DevstackOptions(Path root, Path dataDir, boolean fresh, String host, int postgresPort, int kafkaPort,
                       int smtpPort, Map<String, Integer> servicePorts, int managementPortOffset, int replicas,
                       Duration clockOffset, List<String> widgetOrigins, java.util.Optional<Path> helpCentre) {

    /** The four services, in the order they are listed; their default ports. */
    static final Map<String, Integer> DEFAULT_SERVICE_PORTS = Map.of(
            "account-service", 8081, "consent-service", 8082, "chat-service", 8080, "retention-service", 8083);

    /** Replica k (from 0) of a service listens on its port plus k times this. */
    static final int REPLICA_PORT_STEP = 10;
    static final int MAX_REPLICAS = 4;

    static final String USAGE = """
            Usage: ./devstack [options]

            Runs the whole Confidant suite on this machine: embedded PostgreSQL (one database per service),
            an embedded Kafka broker with the topics created, and the four services from their packaged builds.

              --data-dir DIR       where data survives restarts     CONFIDANT_DATA_DIR       (./.devstack)
              --fresh              delete the data directory first  CONFIDANT_FRESH=true
              --pg-port N          PostgreSQL port                  CONFIDANT_PG_PORT        (15432)
              --kafka-port N       Kafka port (N+1: its controller) CONFIDANT_KAFKA_PORT     (19092)
              --smtp-port N        SMTP port of the mail catcher    CONFIDANT_SMTP_PORT      (12525)
              --chat-port N        chat-service port                CONFIDANT_CHAT_PORT      (8080)
              --account-port N     account-service port             CONFIDANT_ACCOUNT_PORT   (8081)
              --consent-port N     consent-service port             CONFIDANT_CONSENT_PORT   (8082)
              --retention-port N   retention-service port           CONFIDANT_RETENTION_PORT (8083)
              --management-port-offset N  each service's management     CONFIDANT_MANAGEMENT_PORT_OFFSET
                                   interface (health, metrics, OpenAPI) listens on its port + N (1000)
              --replicas N         instances of each service (1-4), CONFIDANT_REPLICAS       (1)
                                   as a Kubernetes HPA would run them: instance k (from 0) listens
                                   on the service's port + 10*k, e.g. chat-service on 8080 and 8090
              --clock-offset D     run every service's clock ahead  CONFIDANT_CLOCK_OFFSET   (none)
                                   by an ISO-8601 duration, e.g. P200D, to watch retention at work
              --widget-origins L   more origins whose pages may     CONFIDANT_WIDGET_ORIGINS (none)
                                   embed the widget (comma-separated, e.g. http://localhost:3000);
                                   the demo page's origin is always allowed
              --kb-dir DIR         Markdown help articles the       CONFIDANT_KB_DIR
                                   assistant answers from, imported at start (default:
                                   ../shared/kb/articles when it exists; "none": the seeds)
              --help               this text

            Ctrl-C stops everything.
            """;

    /** Where {@code service}'s management interface listens: its port plus the offset. */
    int managementPort(String service) {
        return servicePorts.get(service) + managementPortOffset;
    }

    /** Where replica {@code k} (from 0) of {@code service} listens. */
    int replicaPort(String service, int k) {
        return servicePorts.get(service) + k * REPLICA_PORT_STEP;
    }

    static List<String> services() {
        return Services.ALL;
    }

    /** Reads flags, then the environment, then defaults. */
    static DevstackOptions parse(String[] args, Map<String, String> env, Path root) {
        Map<String, String> flags = new LinkedHashMap<>();
        boolean fresh = Boolean.parseBoolean(env.getOrDefault("CONFIDANT_FRESH", "false"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> throw new UsageException(null);
                case "--fresh" -> fresh = true;
                default -> {
                    if (!arg.startsWith("--") || i + 1 >= args.length) {
                        throw new UsageException("Unknown or incomplete option: " + arg);
                    }
                    flags.put(arg.substring(2), args[++i]);
                }
            }
        }
        for (String key : flags.keySet()) {
            if (!List.of("data-dir", "pg-port", "kafka-port", "smtp-port", "host", "chat-port", "account-port", "consent-port",
                    "retention-port", "management-port-offset", "replicas", "clock-offset", "widget-origins", "kb-dir").contains(key)) {
                throw new UsageException("Unknown option: --" + key);
            }
        }
        Path dataDir = root.resolve(value(flags, env, "data-dir", ".devstack")).toAbsolutePath().normalize();
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        for (String service : services()) {
            String name = service.substring(0, service.indexOf('-'));
            servicePorts.put(service, port(flags, env, name + "-port", DEFAULT_SERVICE_PORTS.get(service)));
        }
        return new DevstackOptions(root, dataDir, fresh, value(flags, env, "host", "127.0.0.1"),
                port(flags, env, "pg-port", 15432), port(flags, env, "kafka-port", 19092),
                port(flags, env, "smtp-port", 12525), servicePorts, port(flags, env, "management-port-offset", 1000),
                replicas(flags, env), clockOffset(flags, env), widgetOrigins(flags, env),
                helpCentre(flags, env, root));
    }

    /** The help-centre folder: the one given, or the sample beside the repository when it is there. */
    private static java.util.Optional<Path> helpCentre(Map<String, String> flags, Map<String, String> env, Path root) {
        String raw = value(flags, env, "kb-dir", "");
        if (raw.equals("none")) {
            return java.util.Optional.empty();
        }
        if (raw.isEmpty()) {
            Path sample = root.resolve("../shared/kb/articles").toAbsolutePath().normalize();
            return Files.isDirectory(sample) ? java.util.Optional.of(sample) : java.util.Optional.empty();
        }
        Path dir = root.resolve(raw).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--kb-dir must be a folder of Markdown articles, not '" + raw + "'");
        }
        return java.util.Optional.of(dir);
    }

    private static int replicas(Map<String, String> flags, Map<String, String> env) {
        String raw = value(flags, env, "replicas", "1");
        try {
            int replicas = Integer.parseInt(raw.trim());
            if (replicas < 1 || replicas > MAX_REPLICAS) {
                throw new NumberFormatException();
            }
            return replicas;
        } catch (NumberFormatException e) {
            throw new UsageException("--replicas must be a number from 1 to " + MAX_REPLICAS + ", not '" + raw + "'");
        }
    }

    private static Duration clockOffset(Map<String, String> flags, Map<String, String> env) {
        String raw = value(flags, env, "clock-offset", "PT0S");
        try {
            Duration offset = Duration.parse(raw.trim());
            if (offset.isNegative()) {
                throw new DateTimeParseException("negative", raw, 0);
            }
            return offset;
        } catch (DateTimeParseException e) {
            throw new UsageException("--clock-offset must be an ISO-8601 duration ahead, e.g. P200D, not '" + raw + "'");
        }
    }

    /** Origins as a browser sends them: scheme, host and port, nothing else. */
    private static List<String> widgetOrigins(Map<String, String> flags, Map<String, String> env) {
        List<String> origins = new java.util.ArrayList<>();
        for (String raw : value(flags, env, "widget-origins", "").split(",")) {
            String origin = raw.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.matches("https?://[A-Za-z0-9.\\-]+(:\\d{1,5})?|https?://\\[[0-9A-Fa-f:]+](:\\d{1,5})?")) {
                throw new UsageException("--widget-origins takes origins like http://localhost:3000 (scheme, host, "
                        + "port; no path), not '" + origin + "'");
            }
            origins.add(origin);
        }
        return List.copyOf(origins);
    }

    private static String value(Map<String, String> flags, Map<String, String> env, String key, String fallback) {
        if (flags.containsKey(key)) {
            return flags.get(key);
        }
        String fromEnv = env.get("CONFIDANT_" + key.toUpperCase().replace('-', '_'));
        return fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv;
    }

    private static int port(Map<String, String> flags, Map<String, String> env, String key, int fallback) {
        String raw = value(flags, env, key, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(raw.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a port number between 1 and 65535, not '" + raw + "'");
        }
    }

    /** A bad command line: the message (or the usage when null) is shown and the devstack exits with 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
