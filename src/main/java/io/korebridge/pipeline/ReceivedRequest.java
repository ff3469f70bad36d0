package io.korebridge.pipeline;

import java.util.Map;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * The request record as it came off Kafka, kept aside so that transport headers never leak into the
 * Kore call and the outcome can carry the exact original bytes and key.
 */
public record ReceivedRequest(
    String topic,
    Integer partition,
    Long offset,
    byte[] key,
    byte[] value,
    Map<String, byte[]> headers,
    KafkaManualCommit commit) {

  /** Where the record is, as {@code topic-partition@offset}. */
  public String location() {
    return topic + "-" + partition + "@" + offset;
  }
}
