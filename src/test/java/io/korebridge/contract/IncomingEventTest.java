package io.korebridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CloudEvents 1.0 on Kafka: binary mode (ce_* headers) and structured mode (envelope). */
class IncomingEventTest {

  private final CampaignEventReader reader = new CampaignEventReader(1024 * 1024);

  @Test
  void binary_mode_ce_id_stands_in_for_a_missing_event_id() {
    ObjectNode event = InvalidEvents.sampleEvent(InvalidEvents.ADVANCED);
    event.remove("eventId");

    CampaignRequestEvent read =
        reader.read(IncomingEvent.of(event, headers("ce_id", "ce-42", "ce_type", "x")));

    assertThat(read.eventId()).isEqualTo("ce-42");
  }

  @Test
  void binary_mode_event_id_in_the_payload_wins_over_ce_id() {
    ObjectNode event = InvalidEvents.sampleEvent(InvalidEvents.ADVANCED);

    CampaignRequestEvent read = reader.read(IncomingEvent.of(event, headers("ce_id", "ce-42")));

    assertThat(read.eventId()).isEqualTo(event.path("eventId").asText());
  }

  @Test
  void without_event_id_or_ce_id_the_event_id_is_required() {
    ObjectNode event = InvalidEvents.sampleEvent(InvalidEvents.ADVANCED);
    event.remove("eventId");

    assertThatThrownBy(() -> reader.read(IncomingEvent.of(event, headers("ce_type", "x"))))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(new Violation("/eventId", "is required")));
  }

  @Test
  void structured_mode_reads_data_and_uses_the_cloud_event_id() {
    ObjectNode data = InvalidEvents.sampleEvent(InvalidEvents.SIMPLE);
    data.remove("eventId");

    IncomingEvent incoming =
        IncomingEvent.of(
            envelope(data), headers("content-type", "application/cloudevents+json; charset=UTF-8"));

    assertThat(incoming.eventId()).isEqualTo("ce-7");
    CampaignRequestEvent read = reader.read(incoming);
    assertThat(read.eventId()).isEqualTo("ce-7");
    assertThat(read.campaign().message().text()).isEqualTo("Your order is ready for pickup ✓");
  }

  @Test
  void structured_mode_locates_envelope_and_data_violations_in_the_record_value() {
    ObjectNode data = InvalidEvents.sampleEvent(InvalidEvents.ADVANCED);
    ((ObjectNode) data.get("campaign")).put("name", "n".repeat(49));
    ObjectNode envelope = envelope(data);
    envelope.remove("source");
    envelope.put("specversion", "0.3");

    assertThatThrownBy(
            () ->
                reader.read(
                    IncomingEvent.of(
                        envelope, headers("content-type", "application/cloudevents+json"))))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e ->
                assertThat(e.violations())
                    .containsExactlyInAnyOrder(
                        new Violation("/specversion", "must be 1.0"),
                        new Violation("/source", "is required"),
                        new Violation("/data/campaign/name", "must be at most 48 characters")));
  }

  @Test
  void structured_mode_without_data_says_so() {
    ObjectNode envelope = envelope(InvalidEvents.sampleEvent(InvalidEvents.ADVANCED));
    envelope.remove("data");

    assertThatThrownBy(
            () ->
                reader.read(
                    IncomingEvent.of(
                        envelope, headers("Content-Type", "application/cloudevents+json"))))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e.violations()).containsExactly(new Violation("/data", "is required")));
  }

  @Test
  void a_cloud_event_envelope_without_the_structured_content_type_is_not_unwrapped() {
    ObjectNode envelope = envelope(InvalidEvents.sampleEvent(InvalidEvents.ADVANCED));

    assertThatThrownBy(() -> reader.read(IncomingEvent.of(envelope, Map.of())))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e ->
                assertThat(e.violations())
                    .contains(
                        new Violation("/specversion", "is an unknown field"),
                        new Violation("/data", "is an unknown field")));
  }

  static ObjectNode envelope(ObjectNode data) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("specversion", "1.0");
    envelope.put("id", "ce-7");
    envelope.put("source", "/crm/campaigns");
    envelope.put("type", "io.korebridge.campaign.requested");
    envelope.put("datacontenttype", "application/json");
    envelope.set("data", data);
    return envelope;
  }

  private static Map<String, byte[]> headers(String... namesAndValues) {
    Map<String, byte[]> headers = new java.util.LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return headers;
  }
}
