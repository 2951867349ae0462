package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many widget connections held open on one chat-service, as browsers hold them: each a WebSocket on
 * {@code /ws/conversations/{id}} authenticated by its visitor's token in the handshake, which the server answers
 * {@code ready}. Each connection then waits for the message frame whose message text carries a marker, and records when it
 * came. One JDK HTTP client carries them all.
 */
final class SocketBenchmark implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Handshakes in flight at once: a browser population connects over time, not in one instant. */
    private static final int OPENING_AT_ONCE = 200;
    /** A generation's (serial, parallel) or the whole heap's (G1) line in {@code jcmd GC.heap_info}. */
    private static final Pattern HEAP_USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final List<Follower> followers = new ArrayList<>();

    /** One open connection: whether it became ready, and when it received the marked message. */
    static final class Follower implements WebSocket.Listener {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Long> marked = new CompletableFuture<>();
        private final String marker;
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;

        Follower(String marker) {
            this.marker = marker;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode body = JSON.readTree(frame);
                    String type = body.path("type").asText();
                    if (type.equals("ready")) {
                        ready.complete(null);
                    } else if (type.equals("message") && body.path("message").path("text").asText().contains(marker)) {
                        marked.complete(System.nanoTime());
                    }
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                    marked.completeExceptionally(e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            IOException closed = new IOException("closed by the server: " + statusCode + " " + reason);
            ready.completeExceptionally(closed);
            marked.completeExceptionally(closed);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ready.completeExceptionally(error);
            marked.completeExceptionally(error);
        }
    }

    /**
     * Opens a connection to {@code conversation} with {@code token}, at most {@link #OPENING_AT_ONCE} handshakes at a
     * time; the follower waits for a message frame whose text contains {@code marker}.
     */
    Follower open(URI conversation, String token, String marker, Semaphore opening) throws InterruptedException {
        Follower follower = new Follower(marker);
        followers.add(follower);
        opening.acquire();
        client.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(30)).buildAsync(conversation, follower)
                .whenComplete((socket, error) -> {
                    opening.release();
                    if (error != null) {
                        follower.ready.completeExceptionally(error);
                        follower.marked.completeExceptionally(error);
                    }
                });
        return follower;
    }

    static Semaphore openingLimit() {
        return new Semaphore(OPENING_AT_ONCE);
    }

    /** How many followers became ready within {@code timeout} (all of them, from when this is called). */
    int awaitReady(Duration timeout) throws InterruptedException {
        return await(followers.stream().map(f -> f.ready).toList(), timeout);
    }

    /** How many followers have received their marked message within {@code timeout}. */
    int awaitMarked(Duration timeout) throws InterruptedException {
        return await(followers.stream().map(f -> f.marked).toList(), timeout);
    }

    private static int await(List<? extends CompletableFuture<?>> futures, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int done = 0;
        for (CompletableFuture<?> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                done++;
            } catch (ExecutionException | TimeoutException e) {
                // counted as missing
            }
        }
        return done;
    }

    /**
     * The heap a JVM on this machine holds after a full collection, in MB: what its live objects need ({@code jcmd
     * GC.run}, then the used sizes {@code GC.heap_info} reports for its generations or regions).
     */
    static double heapAfterFullCollectionMb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long usedKb = 0;
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        while (used.find()) {
            usedKb += Long.parseLong(used.group(1));
        }
        if (usedKb == 0) {
            throw new IOException("jcmd reported no heap for process " + pid);
        }
        return usedKb / 1024.0;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }

    List<Follower> followers() {
        return followers;
    }

    /** Closes every connection normally (1000) and waits briefly for the server to see it. */
    @Override
    public void close() throws InterruptedException {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Follower follower : followers) {
            WebSocket socket = follower.socket;
            if (socket != null && !socket.isOutputClosed()) {
                closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").toCompletableFuture());
            }
        }
        await(closing, Duration.ofSeconds(30));
        for (Follower follower : followers) {
            if (follower.socket != null) {
                follower.socket.abort();
            }
        }
    }
}
