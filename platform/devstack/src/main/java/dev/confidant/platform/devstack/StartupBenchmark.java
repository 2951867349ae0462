package dev.confidant.platform.devstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time and idle memory of a service, beside an empty Quarkus application with the same extensions
 * ({@code bench/empty-app}): one more replica of a running service is launched exactly as it was (its command line,
 * JVM options, working directory and environment, read from {@code /proc}), on ports of its own, and timed from
 * launch to the first {@code UP} of its readiness check; its resident memory is read after it has been idle a while,
 * then it is stopped. The empty application is launched the same way with the same service's environment, so it
 * connects to the same database and Kafka and its readiness asks them too. Linux only (it reads {@code /proc}).
 */
final class StartupBenchmark {

    private static final String APPLICATION = "/target/quarkus-app/quarkus-run.jar";
    /** The empty application, relative to the suite's root (where a service's {@code <service>/target/…} is). */
    static final String EMPTY_APP = "bench/empty-app" + APPLICATION;
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);
    private static final long POLL_MILLIS = 50;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Path logs;

    /** One launch: seconds from launch to ready, and resident memory (MB) after idling (0 when not read). */
    record Launch(double readySeconds, double idleRssMb) {
    }

    /** A running service's launch as read from {@code /proc}: its command, working directory and environment. */
    record Running(String service, long pid, List<String> command, Path directory, Map<String, String> environment) {

        /** Its application jar, as an absolute path. */
        Path application() {
            for (int i = 0; i + 1 < command.size(); i++) {
                if (command.get(i).equals("-jar")) {
                    return directory.resolve(command.get(i + 1)).normalize();
                }
            }
            throw new IllegalStateException(service + " was not started with -jar: " + command);
        }

        /** The suite's root: the directory that holds {@code <service>/target/quarkus-app}. */
        Path root() {
            return application().getParent().getParent().getParent().getParent();
        }
    }

    StartupBenchmark(Path logs) {
        this.logs = logs;
    }

    /** The first process on this machine running {@code service}'s packaged application, if any. */
    static Optional<Running> running(String service) {
        return processes(service).stream().findFirst();
    }

    /**
     * The process on this machine running {@code service}'s packaged application and listening on {@code port} (as
     * its {@code QUARKUS_HTTP_PORT} says), if any.
     */
    static Optional<Running> running(String service, int port) {
        return processes(service).stream()
                .filter(p -> Integer.toString(port).equals(p.environment().get("QUARKUS_HTTP_PORT"))).findFirst();
    }

    /** Every process on this machine running {@code service}'s packaged application, by process id (Linux). */
    static List<Running> processes(String service) {
        Path proc = Path.of("/proc");
        List<Running> found = new ArrayList<>();
        if (!Files.isDirectory(proc)) {
            return found;
        }
        try (var processes = Files.list(proc)) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
                    .toList()) {
                try {
                    List<String> command = Arrays.asList(new String(Files.readAllBytes(process.resolve("cmdline")),
                            StandardCharsets.UTF_8).split("\0"));
                    if (command.stream().noneMatch(arg -> arg.endsWith(service + APPLICATION))) {
                        continue;
                    }
                    Map<String, String> environment = new LinkedHashMap<>();
                    for (String entry : new String(Files.readAllBytes(process.resolve("environ")),
                            StandardCharsets.UTF_8).split("\0")) {
                        int equals = entry.indexOf('=');
                        if (equals > 0) {
                            environment.put(entry.substring(0, equals), entry.substring(equals + 1));
                        }
                    }
                    found.add(new Running(service, Long.parseLong(process.getFileName().toString()), command,
                            process.resolve("cwd").toRealPath(), environment));
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /**
     * Launches {@code application} as {@code like} was launched (the same java, JVM options, working directory and
     * environment, on free ports), waits for it to be ready, reads its resident memory after {@code idle} when that is
     * not zero, and stops it.
     */
    Launch launch(Running like, Path application, String name, Duration idle) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(like.command());
        for (int i = 0; i + 1 < command.size(); i++) {
            if (command.get(i).equals("-jar")) {
                command.set(i + 1, application.toString());
            }
        }
        int port = freePort();
        int management = freePort();
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(like.directory().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(like.environment());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        String host = like.environment().getOrDefault("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        URI ready = URI.create("http://" + host + ":" + management + "/q/health/ready");

        long started = System.nanoTime();
        Process process = builder.start();
        try {
            long deadline = started + READY_WITHIN.toNanos();
            while (!isReady(ready)) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited with code " + process.exitValue() + " before it was "
                            + "ready; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " was not ready within " + READY_WITHIN.toSeconds() + " s; see "
                            + log);
                }
                Thread.sleep(POLL_MILLIS);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double rss = 0;
            if (!idle.isZero()) {
                Thread.sleep(idle.toMillis());
                rss = residentMb(process.pid());
            }
            return new Launch(seconds, rss);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private boolean isReady(URI ready) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A process's resident memory in MB, from {@code /proc/<pid>/status}. */
    static double residentMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
