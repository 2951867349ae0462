package dev.confidant.platform.runtime.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * Tracing is off unless an OTLP endpoint is configured: then {@code quarkus.otel.sdk.disabled} defaults to false.
 * An explicit {@code quarkus.otel.sdk.disabled} anywhere still wins (this source has a low ordinal).
 */
public class TracingSwitch implements ConfigSourceFactory {

    static final List<String> ENDPOINTS = List.of(
            "quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");
    /** Values from Quarkus' own defaults have lower ordinals than any file, environment or system property. */
    private static final int CONFIGURED_BY_SOMEONE = 100;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean configured = ENDPOINTS.stream().map(context::getValue).anyMatch(TracingSwitch::given);
        return List.of(new MapBackedConfigSource("confidant-tracing-switch",
                Map.of("quarkus.otel.sdk.disabled", Boolean.toString(!configured)), 50) {
        });
    }

    private static boolean given(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getSourceOrdinal() >= CONFIGURED_BY_SOMEONE;
    }
}
