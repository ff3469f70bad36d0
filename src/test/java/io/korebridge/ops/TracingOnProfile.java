package io.korebridge.ops;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Tracing switched on, exporting OTLP over HTTP to the Kore simulator (which records it). */
public class TracingOnProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.otel.sdk.disabled", "false",
        "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
        "quarkus.otel.exporter.otlp.traces.endpoint", "${kore.base-url}",
        "quarkus.otel.bsp.schedule.delay", "200ms");
  }
}
