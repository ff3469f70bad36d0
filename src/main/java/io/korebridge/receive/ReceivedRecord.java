package io.korebridge.receive;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The request record as it came off Kafka, kept aside so that transport headers never leak into the
 * Kore call and the outcome can carry the exact original bytes and key.
 */
public record ReceivedRecord(
    String topic,
    int partition,
    long offset,
    byte[] key,
    byte[] value,
    Map<String, byte[]> headers) {

  /** The W3C trace-context headers a request may carry to Kore and its outcome. */
  public static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate");

  /** Where the record is, as {@code topic-partition@offset}. */
  public String location() {
    return topic + "-" + partition + "@" + offset;
  }

  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }

  /** Bytes this record holds in memory while it is pending (value, key and headers). */
  public long sizeInBytes() {
    long size = (value == null ? 0 : value.length) + (key == null ? 0 : key.length);
    for (Map.Entry<String, byte[]> header : headers.entrySet()) {
      size += header.getKey().length() + (header.getValue() == null ? 0 : header.getValue().length);
    }
    return size;
  }
}
