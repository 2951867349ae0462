package dev.confidant.platform.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wrk} load generator (a Debian package) driving a closed model from a list of requests: written in C, it
 * leaves the two cores to the services where the JDK's HTTP client, on the same load, took enough of them to halve
 * what chat-service answered (docs/benchmarks.md). Its script ({@code bench/requests.lua}) counts answers other than
 * the expected status.
 */
final class Wrk {

    private static final Pattern SUMMARY = Pattern.compile(
            "confidant-bench requests=(\\d+) micros=(\\d+) unexpected=(\\d+) socket-errors=(\\d+)");

    /** One request: method, URI, bearer token, JSON body ("{n}" becomes the request's number) or null. */
    record Call(String method, URI uri, String token, String body) {
    }

    /** Answers with the expected status a second, and the others (wrong status or no answer). */
    record Result(double rate, long failures) {
    }

    private final Path executable;

    private Wrk(Path executable) {
        this.executable = executable;
    }

    /** The {@code wrk} on the PATH, if there is one. */
    static Optional<Wrk> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Wrk(candidate));
            }
        }
        return Optional.empty();
    }

    /** Runs {@code calls} in turn over {@code connections} connections (2 threads) for {@code seconds}. */
    Result run(List<Call> calls, int expected, int connections, int seconds) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("confidant-wrk");
        try {
            Path script = dir.resolve("requests.lua");
            try (InputStream in = Wrk.class.getResourceAsStream("/bench/requests.lua")) {
                Files.copy(in, script);
            }
            Path requests = dir.resolve("requests.tsv");
            StringBuilder lines = new StringBuilder();
            for (Call call : calls) {
                String target = call.uri().getRawPath() + (call.uri().getRawQuery() == null ? ""
                        : "?" + call.uri().getRawQuery());
                lines.append(call.method()).append('\t').append(target).append('\t').append(call.token()).append('\t')
                        .append(call.body() == null ? "" : call.body()).append('\n');
            }
            Files.writeString(requests, lines, StandardCharsets.UTF_8);
            URI base = calls.get(0).uri().resolve("/");
            Process process = new ProcessBuilder(executable.toString(), "-t2", "-c" + connections, "-d" + seconds + "s",
                    "--timeout", "30s", "-s", script.toString(), base.toString(), "--", requests.toString(),
                    Integer.toString(expected)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("wrk did not finish");
            }
            return parse(output);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The summary line of the script in wrk's output. */
    static Result parse(String output) throws IOException {
        Matcher summary = SUMMARY.matcher(output);
        if (!summary.find()) {
            throw new IOException("wrk printed no summary: " + output.strip());
        }
        long requests = Long.parseLong(summary.group(1));
        double seconds = Long.parseLong(summary.group(2)) / 1e6;
        long unexpected = Long.parseLong(summary.group(3));
        long socketErrors = Long.parseLong(summary.group(4));
        return new Result((requests - unexpected) / seconds, unexpected + socketErrors);
    }
}
