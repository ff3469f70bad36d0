package io.korebridge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One FAILED outcome as read back from the dead-letter topic: what a filter needs, where it came
 * from, and the exact original request (key, value and headers) to re-publish.
 *
 * @param originTopic the requests topic the original request was read from (from {@code
 *     originalEventLocation}), where a replay sends it back; null when the letter does not say
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    long timestamp,
    byte[] key,
    String eventId,
    String tenant,
    String reason,
    Instant processedAt,
    byte[] originalEvent,
    List<OriginalHeader> originalHeaders,
    boolean originalHeadersTruncated,
    String originTopic) {

  /** One header of the original request record; {@code value} may be null, as in Kafka. */
  public record OriginalHeader(String name, byte[] value) {}

  public DeadLetter {
    originalHeaders = List.copyOf(originalHeaders);
  }

  /** Where the dead letter sits, as {@code <topic>-<partition>@<offset>}. */
  public String location() {
    return topic + "-" + partition + "@" + offset;
  }

  /** When the request failed: the outcome's {@code processedAt}, else the record's timestamp. */
  public Instant failedAt() {
    return processedAt != null ? processedAt : Instant.ofEpochMilli(timestamp);
  }

  public boolean hasOriginalEvent() {
    return originalEvent != null;
  }

  /**
   * Reads a dead-letter record.
   *
   * @throws IOException when the value is not a FAILED outcome
   */
  public static DeadLetter read(ConsumerRecord<byte[], byte[]> record, ObjectMapper json)
      throws IOException {
    if (record.value() == null) {
      throw new IOException("empty value");
    }
    JsonNode outcome = json.readTree(record.value());
    if (outcome == null || !outcome.isObject()) {
      throw new IOException("not a JSON object");
    }
    if (!"FAILED".equals(outcome.path("outcome").asText())) {
      throw new IOException("not a FAILED outcome");
    }
    byte[] original = null;
    JsonNode base64 = outcome.get("originalEventBase64");
    if (base64 != null && base64.isTextual()) {
      try {
        original = Base64.getDecoder().decode(base64.asText());
      } catch (IllegalArgumentException notBase64) {
        throw new IOException("originalEventBase64 is not Base64", notBase64);
      }
    }
    JsonNode truncated = outcome.get("originalHeadersTruncated");
    return new DeadLetter(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.key(),
        text(outcome, "eventId"),
        text(outcome, "tenant"),
        text(outcome, "reason"),
        instant(text(outcome, "processedAt")),
        original,
        headers(outcome.get("originalHeaders")),
        truncated != null && truncated.asBoolean(false),
        topicOf(text(outcome, "originalEventLocation")));
  }

  /** The topic of a {@code <topic>-<partition>@<offset>} location; null when it is not one. */
  static String topicOf(String location) {
    if (location == null) {
      return null;
    }
    int at = location.lastIndexOf('@');
    int dash = at < 0 ? -1 : location.lastIndexOf('-', at);
    if (dash <= 0
        || !location.substring(dash + 1, at).matches("\\d{1,10}")
        || !location.substring(at + 1).matches("\\d{1,19}")) {
      return null;
    }
    return location.substring(0, dash);
  }

  /**
   * The {@code originalHeaders} array, in record order; none when the field is missing (dead
   * letters written before it existed).
   *
   * @throws IOException when the field is there but not a list of {@code {name, valueBase64}}
   */
  private static List<OriginalHeader> headers(JsonNode array) throws IOException {
    List<OriginalHeader> headers = new ArrayList<>();
    if (array == null || array.isNull()) {
      return headers;
    }
    if (!array.isArray()) {
      throw new IOException("originalHeaders is not an array");
    }
    for (int i = 0; i < array.size(); i++) {
      JsonNode header = array.get(i);
      JsonNode name = header.get("name");
      if (!header.isObject() || name == null || !name.isTextual()) {
        throw new IOException("originalHeaders[" + i + "] has no name");
      }
      JsonNode base64 = header.get("valueBase64");
      byte[] value = null;
      if (base64 != null && !base64.isNull()) {
        if (!base64.isTextual()) {
          throw new IOException("originalHeaders[" + i + "].valueBase64 is not text");
        }
        try {
          value = Base64.getDecoder().decode(base64.asText());
        } catch (IllegalArgumentException notBase64) {
          throw new IOException("originalHeaders[" + i + "].valueBase64 is not Base64", notBase64);
        }
      }
      headers.add(new OriginalHeader(name.asText(), value));
    }
    return headers;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}
