package io.korebridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import org.apache.camel.component.kafka.serde.KafkaHeaderDeserializer;

/**
 * Reads the W3C trace headers of a consumed record as text, which is what Camel's tracer extracts
 * the parent span from, and drops them (null) when they are not valid ({@link W3cTraceContext});
 * every other header stays bytes.
 */
@ApplicationScoped
@Named("traceHeaderDeserializer")
public class TraceHeaderDeserializer implements KafkaHeaderDeserializer {

  @Override
  public Object deserialize(String key, byte[] value) {
    if (value == null) {
      return null;
    }
    // Invalid trace headers are dropped here already, so no tracer continues a forged context.
    if (W3cTraceContext.TRACEPARENT.equalsIgnoreCase(key)) {
      return W3cTraceContext.validTraceparent(new String(value, StandardCharsets.UTF_8))
          .orElse(null);
    }
    if (W3cTraceContext.TRACESTATE.equalsIgnoreCase(key)) {
      return W3cTraceContext.boundedTracestate(new String(value, StandardCharsets.UTF_8))
          .orElse(null);
    }
    return value;
  }
}
