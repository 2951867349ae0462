package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many widget connections held open on one chat-service, as browsers hold them: each a WebSocket on
 * {@code /ws/conversations/{id}} authenticated by its visitor's token in the handshake, which the server answers
 * {@code ready}. Each connection then waits for the message frame whose message text carries a marker, and records
 * when it came. One Vert.x client on one event-loop thread carries them all: the JDK's WebSocket client, tried first,
 * took one to one and a half of this machine's two cores just to hold 15,000 connections (docs/benchmarks.md).
 */
final class SocketBenchmark implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Handshakes in flight at once: a browser population connects over time, not in one instant. */
    private static final int OPENING_AT_ONCE = 200;
    /** A generation's (serial, parallel) or the whole heap's (G1) line in {@code jcmd GC.heap_info}. */
    private static final Pattern HEAP_USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxConnections(100_000).setConnectTimeout(30_000));
    private final List<Follower> followers = new ArrayList<>();

    /** One open connection: whether it became ready, and when it received the marked message. */
    static final class Follower {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Long> marked = new CompletableFuture<>();
        private final String marker;
        volatile WebSocket socket;

        Follower(String marker) {
            this.marker = marker;
        }

        void frame(String frame) {
            try {
                JsonNode body = JSON.readTree(frame);
                String type = body.path("type").asText();
                if (type.equals("ready")) {
                    ready.complete(null);
                } else if (type.equals("message") && body.path("message").path("text").asText().contains(marker)) {
                    marked.complete(System.nanoTime());
                }
            } catch (IOException e) {
                failed(e);
            }
        }

        void failed(Throwable error) {
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
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(conversation.getHost())
                .setPort(conversation.getPort()).setURI(conversation.getRawPath())
                .addHeader("Authorization", "Bearer " + token);
        client.connect(options).onComplete(connected -> {
            opening.release();
            if (connected.failed()) {
                follower.failed(connected.cause());
                return;
            }
            WebSocket socket = connected.result();
            follower.socket = socket;
            socket.textMessageHandler(follower::frame);
            socket.exceptionHandler(follower::failed);
            socket.closeHandler(closed -> follower.failed(new IOException("closed by the server: "
                    + socket.closeStatusCode() + " " + socket.closeReason())));
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

    /** Closes every connection normally (1000), waits briefly for the server to see it, and stops the client. */
    @Override
    public void close() throws InterruptedException {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Follower follower : followers) {
            WebSocket socket = follower.socket;
            if (socket != null && !socket.isClosed()) {
                closing.add(socket.close((short) 1000, "done").toCompletionStage().toCompletableFuture());
            }
        }
        await(closing, Duration.ofSeconds(30));
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the connections are closed; a client that does not stop in time ends with this JVM
        }
    }
}
