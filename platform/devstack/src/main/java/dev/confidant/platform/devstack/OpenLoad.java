package dev.confidant.platform.devstack;

import dev.confidant.platform.devstack.Wrk.Call;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The open model's generator: requests sent at a fixed rate, each when it is due whatever the answers before it, its
 * latency counted from when it was due, so a server that stalls cannot hide its queue. One Vert.x HTTP client on one
 * event-loop thread sends them over at most {@code connections} kept-alive connections; a request that finds them all
 * busy waits in the client's queue, and that wait is in its latency. A timing thread sleeps until the next request is
 * due and hands what is due to the event loop.
 *
 * <p>It replaced 64 threads each sending with the JDK's HTTP client: on two cores shared with the suite that client
 * could not send 5,000 requests a second, so the open models measured it more than the services
 * (docs/benchmarks.md), as the JDK's WebSocket client did for the widget connections ({@link SocketBenchmark}).
 */
final class OpenLoad implements AutoCloseable {

    /** How long a request may wait for its answer before it counts as a failure. */
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final HttpClient client;

    /** A generator that sends over at most {@code connections} connections to each server, kept between runs. */
    OpenLoad(int connections) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /**
     * Sends {@code rate} requests a second for {@code seconds}, request {@code i} ({@code calls.apply(i)}, its body
     * final) due at {@code start} + i / rate ({@link System#nanoTime()}); records each latency in ns from its due time
     * in {@code latencies} when given. Returns the number of failures: answers other than {@code expected}, requests
     * that got no answer, and requests still unanswered {@code seconds} + 120 s after the start. Runs may overlap.
     */
    int run(IntFunction<Call> calls, int expected, int rate, int seconds, long[] latencies, long start)
            throws InterruptedException {
        int total = rate * seconds;
        double interval = 1e9 / rate;
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        if (total == 0) {
            all.complete(null);
        }
        Context loop = vertx.getOrCreateContext(); // one event loop sends and reads every request of the run
        int next = 0;
        while (next < total) {
            long wait = start + (long) (next * interval) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // sleep, not spin: the generator must not take a core
                continue;
            }
            int from = next;
            long now = System.nanoTime();
            while (next < total && start + (long) (next * interval) <= now) {
                next++;
            }
            int to = next;
            loop.runOnContext(v -> {
                for (int i = from; i < to; i++) {
                    long due = start + (long) (i * interval);
                    int n = i;
                    send(calls.apply(i)).onComplete(answer -> {
                        if (answer.failed() || answer.result() != expected) {
                            errors.incrementAndGet();
                        }
                        if (latencies != null) {
                            latencies[n] = System.nanoTime() - due;
                        }
                        if (answered.incrementAndGet() == total) {
                            all.complete(null);
                        }
                    });
                }
            });
        }
        try {
            all.get(Math.max(0, start - System.nanoTime()) + TimeUnit.SECONDS.toNanos(seconds + 120L),
                    TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return errors.get() + (total - answered.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return errors.get();
    }

    /** The answer's status, once its body has been read. */
    private Future<Integer> send(Call call) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(call.method()))
                .setAbsoluteURI(call.uri().toString()).setTimeout(REQUEST_TIMEOUT_MS);
        if (call.token() != null) {
            options.putHeader("Authorization", "Bearer " + call.token());
        }
        if (call.body() != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return client.request(options)
                .compose(request -> call.body() == null ? request.send() : request.send(Buffer.buffer(call.body())))
                .compose(response -> response.body().map(body -> response.statusCode()));
    }

    @Override
    public void close() throws Exception {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
