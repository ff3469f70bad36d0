package io.korebridge.contract;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.header;
import static io.korebridge.testsupport.KafkaTestClient.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.korebridge.contract.InvalidEvents.InvalidEvent;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The event contract through the real broker and the Kore simulator. */
@QuarkusTest
class EventContractPipelineTest extends BridgeIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void invalid_events_are_dead_lettered_with_every_violation_without_calling_kore()
      throws Exception {
    String run = UUID.randomUUID().toString();
    List<InvalidEvent> rows = InvalidEvents.sample();
    for (InvalidEvent row : rows) {
      kafka.send(REQUESTS, row.name() + "/" + run, JSON.writeValueAsBytes(row.event()));
    }
    String goodEventId = UUID.randomUUID().toString();
    kafka.send(REQUESTS, goodEventId, sampleWithEventId(InvalidEvents.ADVANCED, goodEventId));

    // Sent after the invalid ones, so its outcome proves the consumer kept going past them.
    ConsumerRecord<byte[], byte[]> created = kafka.awaitOutcome(RESULTS, goodEventId);
    assertThat(header(created, "outcome")).isEqualTo("CREATED");
    assertThat(kore.campaignRequests()).hasSize(1);
    for (InvalidEvent row : rows) {
      ConsumerRecord<byte[], byte[]> failed =
          kafka.awaitOutcome(DEAD_LETTER, withKey(row.name() + "/" + run), WAIT);
      JsonNode outcome = JSON.readTree(failed.value());
      assertThat(outcome.path("reason").asText()).as(row.name()).isEqualTo("INVALID_EVENT");
      assertThat(outcome.path("attempts").asInt()).as(row.name()).isZero();
      assertThat(violations(outcome))
          .as(row.name())
          .containsExactlyElementsOf(sortedByPointer(row.violations()));
      assertThat(failedSchema().validate(outcome)).as(row.name()).isEmpty();
      assertThat(header(failed, "ce_type")).isEqualTo("io.korebridge.campaign.failed");
    }
  }

  @Test
  void simple_format_is_created_end_to_end_with_a_base64_message() throws Exception {
    String eventId = UUID.randomUUID().toString();

    kafka.send(REQUESTS, eventId, sampleWithEventId(InvalidEvents.SIMPLE, eventId));

    JsonNode outcome = JSON.readTree(kafka.awaitOutcome(RESULTS, eventId).value());
    assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(outcome.path("campaignName").asText()).isEqualTo("Order Ready SMS");
    assertThat(JSON.readTree(kore.campaignRequests().get(0).getBodyAsString()))
        .isEqualTo(JSON.readTree(Samples.bytes("kore-create-campaign-body.simple.json")));
    assertThat(createdSchema().validate(outcome)).isEmpty();
  }

  @Test
  void cloudevents_binary_mode_uses_ce_id_and_the_outcome_is_a_cloudevent_too() throws Exception {
    String ceId = UUID.randomUUID().toString();
    ObjectNode event = sampleWithoutEventId();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(REQUESTS, null, bytes(ceId), JSON.writeValueAsBytes(event));
    record.headers().add("ce_specversion", bytes("1.0"));
    record.headers().add("ce_id", bytes(ceId));
    record.headers().add("ce_type", bytes("io.korebridge.campaign.requested"));
    record.headers().add("ce_source", bytes("/crm/campaigns"));
    record.headers().add("content-type", bytes("application/json"));

    kafka.send(record);

    ConsumerRecord<byte[], byte[]> result = kafka.awaitOutcome(RESULTS, ceId);
    JsonNode outcome = JSON.readTree(result.value());
    assertThat(outcome.path("eventId").asText()).isEqualTo(ceId);
    assertThat(header(result, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(result, "ce_type")).isEqualTo("io.korebridge.campaign.created");
    assertThat(header(result, "ce_source")).isEqualTo("/kore-campaign-bridge");
    assertThat(header(result, "ce_subject")).isEqualTo(ceId);
    assertThat(UUID.fromString(header(result, "ce_id"))).isNotEqualTo(UUID.fromString(ceId));
    assertThat(Instant.parse(header(result, "ce_time")))
        .isEqualTo(Instant.parse(outcome.path("processedAt").asText()));
    assertThat(header(result, "content-type")).isEqualTo("application/json");
    assertThat(JSON.readTree(kore.campaignRequests().get(0).getBodyAsString()))
        .isEqualTo(JSON.readTree(Samples.bytes("kore-create-campaign-body.json")));
  }

  @Test
  void cloudevents_structured_mode_is_created_from_data_under_the_envelope_id() throws Exception {
    String ceId =
        sendStructured(data -> {}, envelope -> {}, "application/cloudevents+json; charset=UTF-8");

    JsonNode outcome = JSON.readTree(kafka.awaitOutcome(RESULTS, ceId).value());
    assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(JSON.readTree(kore.campaignRequests().get(0).getBodyAsString()))
        .isEqualTo(JSON.readTree(Samples.bytes("kore-create-campaign-body.json")));
  }

  @Test
  void cloudevents_structured_mode_violations_point_into_the_envelope() throws Exception {
    String ceId =
        sendStructured(
            data -> Samples.campaign(data).putArray("contactLists"),
            envelope -> envelope.remove("type"),
            "application/cloudevents+json");

    JsonNode outcome = JSON.readTree(kafka.awaitOutcome(DEAD_LETTER, ceId).value());
    assertThat(outcome.path("reason").asText()).isEqualTo("INVALID_EVENT");
    assertThat(violations(outcome))
        .containsExactly(
            new Violation("/data/campaign/contactLists", "must have at least 1 item"),
            new Violation("/type", "is required"));
    assertThat(kore.campaignRequests()).isEmpty();
  }

  /** Sends the sample, changed, as a structured-mode CloudEvent; returns its id. */
  private String sendStructured(
      Consumer<ObjectNode> changeData, Consumer<ObjectNode> changeEnvelope, String contentType)
      throws Exception {
    String ceId = UUID.randomUUID().toString();
    ObjectNode data = sampleWithoutEventId();
    changeData.accept(data);
    ObjectNode envelope = IncomingEventTest.envelope(data).put("id", ceId);
    changeEnvelope.accept(envelope);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(REQUESTS, null, bytes(ceId), JSON.writeValueAsBytes(envelope));
    record.headers().add("content-type", bytes(contentType));
    kafka.send(record);
    return ceId;
  }

  private static ObjectNode sampleWithoutEventId() throws Exception {
    ObjectNode event = InvalidEvents.sampleEvent(InvalidEvents.ADVANCED);
    event.remove("eventId");
    return event;
  }

  private static List<Violation> violations(JsonNode outcome) {
    List<Violation> found = new ArrayList<>();
    for (JsonNode v : outcome.path("violations")) {
      found.add(new Violation(v.path("pointer").asText(), v.path("message").asText()));
    }
    return found;
  }

  private static List<Violation> sortedByPointer(List<Violation> violations) {
    return violations.stream()
        .sorted(Comparator.comparing(Violation::pointer).thenComparing(Violation::message))
        .toList();
  }

  private static byte[] sampleWithEventId(String sample, String eventId) throws Exception {
    ObjectNode event = InvalidEvents.sampleEvent(sample);
    event.put("eventId", eventId);
    return JSON.writeValueAsBytes(event);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static JsonSchema createdSchema() throws Exception {
    return published("schema/campaign-created.v1.schema.json");
  }

  static JsonSchema failedSchema() throws Exception {
    return published("schema/campaign-failed.v1.schema.json");
  }

  private static JsonSchema published(String file) throws Exception {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(JSON.readTree(Files.readAllBytes(Path.of(file))));
  }
}
