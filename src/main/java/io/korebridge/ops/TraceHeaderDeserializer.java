package io.korebridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import org.apache.camel.component.kafka.serde.KafkaHeaderDeserializer;

/**
 * Reads the W3C trace headers of a consumed record as text, which is what Camel's tracer extracts
 * the parent span from; every other header stays bytes.
 */
@ApplicationScoped
@Named("traceHeaderDeserializer")
public class TraceHeaderDeserializer implements KafkaHeaderDeserializer {

  @Override
  public Object deserialize(String key, byte[] value) {
    if (value != null
        && CarryTraceContext.HEADERS.contains(key.toLowerCase(java.util.Locale.ROOT))) {
      return new String(value, StandardCharsets.UTF_8);
    }
    return value;
  }
}
