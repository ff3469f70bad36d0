package io.korebridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The campaign-request event found in a Kafka record, which may be plain JSON or a CloudEvents 1.0
 * event in Kafka binary mode ({@code ce_*} headers) or structured mode ({@code
 * application/cloudevents+json}, the event under {@code data}).
 *
 * @param event the campaign-request event; its {@code eventId} falls back to the CloudEvent id
 * @param pointerPrefix where the event sits in the record value ({@code /data} in structured mode)
 * @param envelope the structured-mode envelope, or null
 */
public record IncomingEvent(JsonNode event, String pointerPrefix, JsonNode envelope) {

  static final String CONTENT_TYPE = "content-type";
  static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
  static final String CE_ID = "ce_id";
  static final String EVENT_ID = "eventId";

  /** Locates the event in {@code value}, a JSON object, given the record's headers. */
  public static IncomingEvent of(JsonNode value, Map<String, byte[]> headers) {
    String contentType = header(headers, CONTENT_TYPE);
    if (contentType != null
        && contentType.trim().toLowerCase(Locale.ROOT).startsWith(STRUCTURED_CONTENT_TYPE)) {
      JsonNode data = value.path("data");
      JsonNode event = data.isObject() ? withEventId(data, value.path("id").textValue()) : data;
      return new IncomingEvent(event, "/data", value);
    }
    return new IncomingEvent(withEventId(value, header(headers, CE_ID)), "", null);
  }

  public boolean structured() {
    return envelope != null;
  }

  /** The event's id as far as it can be read before validation, else null. */
  public String eventId() {
    JsonNode id = event.path(EVENT_ID);
    return id.isTextual() ? id.asText() : null;
  }

  private static JsonNode withEventId(JsonNode event, String cloudEventId) {
    if (event.has(EVENT_ID) || cloudEventId == null || !event.isObject()) {
      return event;
    }
    ObjectNode copy = ((ObjectNode) event).deepCopy();
    // The CloudEvent id stands in for a missing eventId and is then held to eventId's rules.
    copy.put(EVENT_ID, cloudEventId);
    return copy;
  }

  private static String header(Map<String, byte[]> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, byte[]> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
        return new String(header.getValue(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
