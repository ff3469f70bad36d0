package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS_4P;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A second group member joins and leaves while requests are held for a Kore outage or in flight:
 * each request still ends in exactly one outcome, and Kore creates each campaign once (or, for
 * calls in flight when the partition moves, at most once more).
 */
@QuarkusTest
@TestProfile(RebalanceTest.FreshGroupOnFourPartitions.class)
class RebalanceTest extends BridgeIntegrationTest {

  static final String GROUP = "rebalance-bridge-" + UUID.randomUUID();
  static final int IN_FLIGHT = 64;

  public static class FreshGroupOnFourPartitions implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.ofEntries(
          Map.entry("campaign.topics.requests", REQUESTS_4P),
          Map.entry("campaign.consumer.group-id", GROUP),
          Map.entry("campaign.delivery.in-flight", Integer.toString(IN_FLIGHT)),
          Map.entry("kore.http.connect-timeout-ms", "500"),
          Map.entry("kore.http.response-timeout-ms", "2000"),
          Map.entry("kore.retry.max-attempts", "2"),
          Map.entry("kore.retry.initial-backoff-ms", "200"),
          Map.entry("kore.retry.max-elapsed-ms", "1000"),
          Map.entry("kore.outage.pause-ms", "1000"),
          Map.entry("kore.outage.give-up-after-ms", "120000"));
    }
  }

  @ConfigProperty(name = "kafka.bootstrap-servers")
  String bootstrapServers;

  @AfterEach
  void koreBack() {
    kore.comeBack();
    kore.withLatency(Duration.ZERO);
  }

  @Test
  void a_member_joining_and_leaving_during_a_hold_leaves_one_outcome_per_request()
      throws Exception {
    kore.goDown();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Set<String> valid = new HashSet<>();
    Set<String> invalid = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      String eventId = run + "-" + i;
      boolean broken = i % 13 == 5;
      kafka.send(
          REQUESTS_4P,
          eventId,
          Samples.request(
              eventId,
              event -> {
                Samples.campaign(event).put("name", "held " + eventId);
                if (broken) {
                  Samples.campaign(event).putArray("contactLists");
                }
              }));
      (broken ? invalid : valid).add(eventId);
    }
    assertThat(invalid).hasSize(3);
    Thread.sleep(3000);

    joinAndLeave(Duration.ofSeconds(6));
    kore.comeBack();

    Set<String> all = new HashSet<>(valid);
    all.addAll(invalid);
    List<ConsumerRecord<byte[], byte[]>> created =
        kafka.awaitOutcomes(RESULTS, valid, Duration.ofSeconds(90));
    assertThat(created).hasSize(valid.size());
    assertExactlyOneOutcomeEach(all);
    assertThat(createsPerCampaign(run))
        .hasSize(valid.size())
        .allSatisfy((n, c) -> assertThat(c).isOne());
  }

  @Test
  void
      a_member_joining_and_leaving_mid_flight_loses_nothing_and_doubles_at_most_the_calls_in_flight()
          throws Exception {
    kore.withLatency(Duration.ofMillis(200));
    String run = UUID.randomUUID().toString().substring(0, 8);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String eventId = run + "-" + i;
      kafka.send(
          REQUESTS_4P,
          eventId,
          Samples.request(
              eventId, event -> Samples.campaign(event).put("name", "moving " + eventId)));
      ids.add(eventId);
    }
    Thread.sleep(500);
    joinAndLeave(Duration.ofSeconds(8));

    List<ConsumerRecord<byte[], byte[]>> created =
        kafka.awaitOutcomes(RESULTS, ids, Duration.ofSeconds(90));
    Set<String> createdIds =
        created.stream().map(r -> KafkaTestClient.header(r, "eventId")).collect(Collectors.toSet());
    assertThat(createdIds).containsExactlyInAnyOrderElementsOf(ids);
    Map<String, Long> creates = createsPerCampaign(run);
    long extra = creates.values().stream().mapToLong(n -> n - 1).sum();
    assertThat(creates).hasSize(ids.size());
    assertThat(extra).as("campaigns created twice").isLessThanOrEqualTo(IN_FLIGHT);
  }

  /** A plain member of the bridge's group takes some partitions, processes nothing, and leaves. */
  private void joinAndLeave(Duration stay) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(props)) {
      member.subscribe(List.of(REQUESTS_4P));
      long until = System.nanoTime() + stay.toNanos();
      boolean gotSome = false;
      while (System.nanoTime() < until) {
        member.poll(Duration.ofMillis(200));
        gotSome |= !member.assignment().isEmpty();
      }
      assertThat(gotSome).as("the second member got partitions").isTrue();
    }
  }

  private void assertExactlyOneOutcomeEach(Set<String> ids) {
    List<ConsumerRecord<byte[], byte[]>> outcomes =
        new ArrayList<>(
            kafka.readAll(RESULTS, KafkaTestClient.withEventIdIn(ids), Duration.ofSeconds(3)));
    outcomes.addAll(
        kafka.readAll(DEAD_LETTER, KafkaTestClient.withEventIdIn(ids), Duration.ofSeconds(1)));
    Map<String, Long> perEvent =
        outcomes.stream()
            .collect(
                Collectors.groupingBy(
                    r -> KafkaTestClient.header(r, "eventId"), Collectors.counting()));
    assertThat(perEvent).hasSize(ids.size()).allSatisfy((id, n) -> assertThat(n).as(id).isOne());
  }

  private Map<String, Long> createsPerCampaign(String run) {
    return kore.campaignRequests().stream()
        .map(r -> campaignName(r.getBodyAsString()))
        .filter(name -> name.contains(run))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private String campaignName(String koreBody) {
    try {
      return json.readTree(koreBody).path("name").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
