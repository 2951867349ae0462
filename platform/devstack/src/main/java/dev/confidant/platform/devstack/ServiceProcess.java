package dev.confidant.platform.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as its own JVM from its packaged application, with its output in a log file. */
final class ServiceProcess {

    /** How much of a log a failed start shows: enough for the exception Quarkus prints when it cannot start. */
    private static final int LAST_LINES = 20;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String baseUrl;
    private final String managementUrl;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, String baseUrl, String managementUrl, Path log, Process process) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(String name, Path application, String host, int port, int managementPort,
                                int maxHeapMb, Map<String, String> env, Path logDir) throws IOException {
        if (!Files.isRegularFile(application)) {
            throw new IOException(name + " is not built (" + application + " is missing): run ./mvnw -DskipTests install");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        // the heap starts small and grows as needed, so a service holds only the memory it uses (-Xms defaults to
        // 1/64 of the machine's memory, up to -Xmx: all of it on a large machine)
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms32m", "-Xmx" + maxHeapMb + "m",
                "-XX:+UseSerialGC"));
        if (trimsNativeHeap(Runtime.version())) {
            // native memory the JVM has freed (the JIT compiler's arenas above all) goes back to the system every
            // 5 s instead of staying with the C library: 15–35 MB less resident per idle service (docs/benchmarks.md)
            command.add("-XX:TrimNativeHeapInterval=5000");
        }
        command.addAll(List.of("-jar", application.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_HOST", host);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_HOST", host);
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        return new ServiceProcess(name, "http://" + host + ":" + port, "http://" + host + ":" + managementPort, log,
                builder.start());
    }

    /**
     * Whether this Java has {@code -XX:TrimNativeHeapInterval}: Java 22 on, and backported to 17.0.9 and 21.0.1 (not
     * to 18–20, which would refuse to start with it).
     */
    static boolean trimsNativeHeap(Runtime.Version java) {
        int feature = java.feature();
        return feature >= 22 || (feature == 21 && java.update() >= 1) || (feature == 17 && java.update() >= 9);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Polls readiness until UP or {@code timeout}; fails early if the process exits. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + "; see " + log
                        + lastLines(LAST_LINES));
            }
            if ("UP".equals(health())) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException(name + " was not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    /** The end of the log, indented, after a line saying so; empty when there is no log to read. */
    String lastLines(int count) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .toList();
            StringBuilder tail = new StringBuilder(System.lineSeparator()).append("its last lines:");
            for (String line : lines.subList(Math.max(0, lines.size() - count), lines.size())) {
                tail.append(System.lineSeparator()).append("    ").append(line);
            }
            return tail.toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code UP}, {@code DOWN}, or {@code unreachable}. */
    String health() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"") ? "UP" : "DOWN";
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable";
        }
    }

    /** Asks the service to stop (SIGTERM), without waiting: every service shuts down at once. */
    void askToStop() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    /** Waits for the service asked to stop, and kills it if it has not stopped within {@code grace}. */
    void awaitStop(Duration grace) throws InterruptedException {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Where its health, metrics, OpenAPI and Swagger UI are. */
    String managementUrl() {
        return managementUrl;
    }

    Path log() {
        return log;
    }
}
