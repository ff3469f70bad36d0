package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS_3P;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many calls in flight on few partitions, and per key the outcomes still come in send order. */
@QuarkusTest
@TestProfile(PerKeyOrderTest.SixteenInFlight.class)
class PerKeyOrderTest extends BridgeIntegrationTest {

  static final int IN_FLIGHT = 16;
  private static final int EVENTS = 1000;
  private static final int KEYS = 50;

  public static class SixteenInFlight implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "campaign.topics.requests",
          REQUESTS_3P,
          "campaign.consumer.group-id",
          "per-key-order-bridge",
          "campaign.delivery.in-flight",
          Integer.toString(IN_FLIGHT));
    }
  }

  @AfterEach
  void noLatency() {
    kore.withRandomLatency(0, 0);
  }

  @Test
  void outcomes_of_one_key_come_in_send_order_while_more_calls_than_partitions_run() {
    kore.withRandomLatency(0, 50);
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < EVENTS; i++) {
      String key = run + "-key-" + (i % KEYS);
      String eventId = key + "-" + i;
      kafka.send(REQUESTS_3P, key, Samples.request(eventId, event -> {}));
    }

    List<ConsumerRecord<byte[], byte[]>> created =
        kafka.await(
            RESULTS,
            r -> String.valueOf(KafkaTestClient.header(r, "eventId")).startsWith(run),
            EVENTS,
            Duration.ofSeconds(120));

    assertThat(created).hasSize(EVENTS);
    Map<String, List<Integer>> sequenceByKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : created) {
      String eventId = KafkaTestClient.header(record, "eventId");
      int cut = eventId.lastIndexOf('-');
      sequenceByKey
          .computeIfAbsent(eventId.substring(0, cut), k -> new ArrayList<>())
          .add(Integer.parseInt(eventId.substring(cut + 1)));
    }
    assertThat(sequenceByKey).hasSize(KEYS);
    sequenceByKey.forEach((key, sequence) -> assertThat(sequence).as(key).isSorted());
    int mostAtOnce = kore.mostCampaignCallsAtOnce();
    assertThat(mostAtOnce).as("calls at once").isGreaterThan(3).isLessThanOrEqualTo(IN_FLIGHT);
  }
}
