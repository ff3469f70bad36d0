package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** An event is turned into a campaign once, however often it is delivered. */
@QuarkusTest
class IdempotencyTest extends BridgeIntegrationTest {

  @Test
  void the_same_event_three_times_calls_kore_once_and_marks_two_outcomes_duplicate()
      throws Exception {
    String eventId = UUID.randomUUID().toString();
    byte[] event = event(eventId);

    for (int i = 0; i < 3; i++) {
      kafka.send(REQUESTS, eventId, event);
    }

    List<ConsumerRecord<byte[], byte[]>> outcomes =
        kafka.await(RESULTS, withEventId(eventId), 3, WAIT);
    assertThat(outcomes).hasSize(3);
    List<JsonNode> bodies = outcomes.stream().map(this::read).toList();
    assertThat(bodies).allSatisfy(o -> assertThat(o.path("outcome").asText()).isEqualTo("CREATED"));
    assertThat(bodies).filteredOn(o -> o.path("duplicate").asBoolean()).hasSize(2);
    assertThat(bodies.stream().map(o -> o.path("campaignId").asText()).distinct()).hasSize(1);
    assertThat(bodies)
        .filteredOn(o -> o.path("duplicate").asBoolean())
        .allSatisfy(o -> assertThat(o.path("attempts").asInt()).isZero());
    assertThat(kore.campaignRequests()).hasSize(1);
  }

  @Test
  void the_same_event_id_for_another_tenant_is_not_a_duplicate() throws Exception {
    String eventId = UUID.randomUUID().toString();
    kafka.send(REQUESTS, eventId, event(eventId));
    kafka.awaitOutcome(RESULTS, eventId);

    ObjectNode other = (ObjectNode) json.readTree(event(eventId));
    other.put("tenant", "no-such-tenant");
    kafka.send(REQUESTS, eventId, json.writeValueAsBytes(other));

    List<ConsumerRecord<byte[], byte[]>> outcomes =
        kafka.readAll(RESULTS, withEventId(eventId), Duration.ofSeconds(3));
    assertThat(outcomes).hasSize(1);
  }

  @Test
  void a_poison_event_between_two_good_ones_leaves_both_created() throws Exception {
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();

    kafka.send(REQUESTS, "same-key", event(first));
    kafka.send(REQUESTS, "same-key", "{\"eventId\": ".getBytes(StandardCharsets.UTF_8));
    kafka.send(REQUESTS, "same-key", event(second));

    kafka.awaitOutcome(RESULTS, first);
    kafka.awaitOutcome(RESULTS, second);
  }

  private byte[] event(String eventId) {
    return Samples.request(
        eventId,
        event -> Samples.campaign(event).put("name", "Campaign " + eventId.substring(0, 8)));
  }

  private JsonNode read(ConsumerRecord<byte[], byte[]> record) {
    try {
      return json.readTree(record.value());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
