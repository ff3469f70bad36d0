package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.SECOND_TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.korebridge.ops.BridgeMetrics;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** One Kore account failing holds that account's requests only; every other account goes on. */
@QuarkusTest
@TestProfile(AccountIsolationProfile.class)
class AccountIsolationTest extends BridgeIntegrationTest {

  private static final String DEFAULT_TENANT = "default";
  private static final String FAILING = KoreSimulator.SECOND_ACCOUNT.accountId();

  @Inject BridgeMetrics metrics;

  @Test
  void an_account_kore_refuses_holds_its_own_requests_while_another_account_is_served()
      throws Exception {
    warmUp();
    int heldBefore = metrics.heldRequests().get();
    UUID outage = kore.failAccount(FAILING, 503, Map.of());
    List<String> held = send(SECOND_TENANT, 3);
    // All three wait on their account's line (one of them after its in-line retries).
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> metrics.heldRequests().get() - heldBefore == held.size());

    List<String> healthy = send(DEFAULT_TENANT, 10);
    long sentAt = System.nanoTime();
    List<ConsumerRecord<byte[], byte[]>> created =
        kafka.awaitOutcomes(RESULTS, healthy, Duration.ofSeconds(30));
    Duration took = Duration.ofNanos(System.nanoTime() - sentAt);

    assertThat(created)
        .as("the healthy account's requests, created while the other is held")
        .hasSize(healthy.size());
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    assertThat(outcomesOf(held, Duration.ofSeconds(1))).as("held, no outcome yet").isEmpty();
    assertThat(metrics.heldRequests().get() - heldBefore).isEqualTo(held.size());

    kore.recover(outage);
    assertThat(kafka.awaitOutcomes(RESULTS, held, Duration.ofSeconds(60)))
        .as("created once the account answers again")
        .hasSize(held.size());

    List<String> all = new ArrayList<>(held);
    all.addAll(healthy);
    Map<String, Long> outcomesPerEvent =
        outcomesOf(all, Duration.ofSeconds(3)).stream()
            .collect(
                Collectors.groupingBy(
                    r -> KafkaTestClient.header(r, "eventId"), Collectors.counting()));
    assertThat(outcomesPerEvent)
        .hasSize(all.size())
        .allSatisfy((id, count) -> assertThat(count).as(id).isOne());
    Map<String, Long> createsPerCampaign =
        kore.campaignCalls().stream()
            .filter(call -> call.status() == 200)
            .map(call -> campaignName(call.request().getBodyAsString()))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(createsPerCampaign)
        .hasSize(all.size())
        .allSatisfy((name, n) -> assertThat(n).as(name).isOne());
    await().atMost(Duration.ofSeconds(10)).until(() -> metrics.heldRequests().get() == heldBefore);
  }

  @Test
  void a_retry_after_of_a_day_is_cut_to_the_cap_and_slows_no_other_account() throws Exception {
    warmUp();
    kore.failNext(FAILING, 1, 429, Map.of("Retry-After", "86400"));
    List<String> limited = send(SECOND_TENANT, 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kore.campaignCalls().stream().anyMatch(call -> call.status() == 429));

    List<String> others = send(DEFAULT_TENANT, 5);
    assertThat(kafka.awaitOutcomes(RESULTS, others, Duration.ofSeconds(30))).hasSize(others.size());
    kafka.awaitOutcome(RESULTS, limited.get(0), Duration.ofSeconds(30));

    List<KoreSimulator.CampaignCall> toFailing =
        kore.campaignCalls().stream()
            .filter(call -> call.request().getUrl().contains(FAILING))
            .toList();
    assertThat(toFailing).extracting(KoreSimulator.CampaignCall::status).containsExactly(429, 200);
    Duration waited =
        Duration.between(
            toFailing.get(0).request().getLoggedDate().toInstant(),
            toFailing.get(1).request().getLoggedDate().toInstant());
    // Kore's wait is honoured up to the cap, and cut there.
    assertThat(waited)
        .isGreaterThanOrEqualTo(
            Duration.ofMillis(AccountIsolationProfile.MAX_RETRY_AFTER_MS).minusMillis(100))
        .isLessThan(Duration.ofSeconds(30));
  }

  private void warmUp() throws Exception {
    List<String> warmUp = new ArrayList<>(send(DEFAULT_TENANT, 1));
    warmUp.addAll(send(SECOND_TENANT, 1));
    assertThat(kafka.awaitOutcomes(RESULTS, warmUp, Duration.ofSeconds(60))).hasSize(2);
    kore.reset();
  }

  private List<String> send(String tenant, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = tenant + " " + UUID.randomUUID();
      ids.add(
          kafka.sendSample(
              REQUESTS,
              event -> {
                Samples.forTenant(tenant).accept(event);
                Samples.campaign(event).put("name", name);
              }));
    }
    return ids;
  }

  private List<ConsumerRecord<byte[], byte[]>> outcomesOf(List<String> eventIds, Duration idle) {
    Set<String> ids = new HashSet<>(eventIds);
    List<ConsumerRecord<byte[], byte[]>> found =
        new ArrayList<>(
            kafka.readAll(RESULTS, r -> ids.contains(KafkaTestClient.header(r, "eventId")), idle));
    found.addAll(
        kafka.readAll(DEAD_LETTER, r -> ids.contains(KafkaTestClient.header(r, "eventId")), idle));
    return found;
  }

  private String campaignName(String koreBody) {
    try {
      return json.readTree(koreBody).path("name").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
