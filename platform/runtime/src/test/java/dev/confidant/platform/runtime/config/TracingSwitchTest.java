package dev.confidant.platform.runtime.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TracingSwitchTest {

    @Test
    void tracingIsOffWhenNoEndpointIsConfigured() {
        assertEquals("true", disabled(Map.of()));
    }

    @Test
    void configuringAnEndpointTurnsTracingOn() {
        assertEquals("false", disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
        assertEquals("false", disabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4317")));
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals("true", disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true")));
    }

    private static String disabled(Map<String, String> configured) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(configured, "application.properties", 250))
                .withSources(new TracingSwitch())
                .build();
        return config.getRawValue("quarkus.otel.sdk.disabled");
    }
}
