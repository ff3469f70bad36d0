package io.korebridge.outcome;

import java.util.Map;

/**
 * The request record a FAILED outcome refers to.
 *
 * @param location where it is, {@code topic-partition@offset}
 * @param key its Kafka key, copied onto the outcome (so it counts towards the outcome's size)
 * @param value its Kafka value
 * @param headers its Kafka headers in record order (a {@link java.util.LinkedHashMap})
 */
public record OriginalRecord(
    String location, byte[] key, byte[] value, Map<String, byte[]> headers) {

  public OriginalRecord {
    headers = headers == null ? Map.of() : headers;
  }
}
