package dev.confidant.platform.runtime.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the idempotent inbox ({@code confidant.inbox.*}). */
@ConfigMapping(prefix = "confidant.inbox")
public interface InboxConfig {

    /** How long processed event ids are remembered; keep it longer than any topic's retention. */
    @WithDefault("P30D")
    Duration retention();
}
