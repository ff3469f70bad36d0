package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A Kore outage longer than max.poll.interval.ms: requests wait, nothing is lost or doubled. */
@QuarkusTest
@TestProfile(KoreOutageProfile.class)
class KoreOutageTest extends BridgeIntegrationTest {

  private static final int EVENTS = 5;
  private static final Duration OUTAGE =
      Duration.ofMillis(KoreOutageProfile.MAX_POLL_INTERVAL_MS * 3L);

  @ConfigProperty(name = "kafka.bootstrap-servers")
  String bootstrapServers;

  @Test
  void requests_sent_during_an_outage_are_created_once_each_when_kore_is_back() throws Exception {
    String warmUp = send("warm-up");
    kafka.awaitOutcome(RESULTS, warmUp);
    Set<String> membersBefore = groupMembers();

    kore.goDown();
    List<String> eventIds = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      eventIds.add(send("outage-" + i));
    }
    Thread.sleep(OUTAGE.toMillis());
    kore.comeBack();

    Set<String> ids = Set.copyOf(eventIds);
    List<ConsumerRecord<byte[], byte[]>> created =
        kafka.awaitOutcomes(RESULTS, ids, Duration.ofSeconds(60));
    List<ConsumerRecord<byte[], byte[]>> everything =
        new ArrayList<>(
            kafka.readAll(
                RESULTS,
                r -> ids.contains(KafkaTestClient.header(r, "eventId")),
                Duration.ofSeconds(3)));
    everything.addAll(
        kafka.readAll(
            DEAD_LETTER,
            r -> ids.contains(KafkaTestClient.header(r, "eventId")),
            Duration.ofSeconds(1)));

    assertThat(created).hasSize(EVENTS);
    Map<String, Long> outcomesPerEvent =
        everything.stream()
            .collect(
                Collectors.groupingBy(
                    r -> KafkaTestClient.header(r, "eventId"), Collectors.counting()));
    assertThat(outcomesPerEvent)
        .hasSize(EVENTS)
        .allSatisfy((id, count) -> assertThat(count).isOne());
    Map<String, Long> createsPerCampaign =
        kore.campaignRequests().stream()
            .map(r -> campaignName(r.getBodyAsString()))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(createsPerCampaign).hasSize(EVENTS).allSatisfy((name, n) -> assertThat(n).isOne());
    assertThat(groupMembers()).as("no rebalance: same consumer member").isEqualTo(membersBefore);
  }

  private String send(String label) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    return kafka.sendSample(
        REQUESTS, event -> Samples.campaign(event).put("name", label + " " + run));
  }

  private String campaignName(String koreBody) {
    try {
      return json.readTree(koreBody).path("name").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Set<String> groupMembers() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return admin
          .describeConsumerGroups(List.of(KoreOutageProfile.GROUP_ID))
          .all()
          .get()
          .get(KoreOutageProfile.GROUP_ID)
          .members()
          .stream()
          .map(MemberDescription::consumerId)
          .collect(Collectors.toSet());
    }
  }
}
