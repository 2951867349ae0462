package dev.confidant.platform.runtime.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the transactional outbox and its relay ({@code confidant.outbox.*}). */
@ConfigMapping(prefix = "confidant.outbox")
public interface OutboxConfig {

    /** The name written as {@code source} of every event this service emits, e.g. {@code chat-service}. */
    @WithDefault("${quarkus.application.name}")
    String source();

    /** Whether this instance runs a relay. Turn off in an instance that must only write, never publish. */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for rows when nothing woke it (commits in this JVM wake it at once). */
    @WithDefault("250ms")
    Duration pollInterval();

    /** How many rows the relay publishes in one round. */
    @WithDefault("500")
    int batchSize();

    /** First wait after a failed round; doubles each failed round up to {@link #maxBackoff()}. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** Longest wait between rounds while the broker is unreachable. */
    @WithDefault("5s")
    Duration maxBackoff();

    /** How long a published row is kept (for diagnosis) before housekeeping deletes it. */
    @WithDefault("P1D")
    Duration publishedRetention();

    /** How long a send may wait for the broker before the round is retried. */
    @WithDefault("10s")
    Duration sendTimeout();
}
