package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Calls to one Kore account are spread to the configured budget. */
@QuarkusTest
@TestProfile(RateBudgetTest.TwoPerSecond.class)
class RateBudgetTest extends BridgeIntegrationTest {

  private static final int PER_MINUTE = 120;
  private static final Duration SPACING = Duration.ofMillis(60_000 / (PER_MINUTE - 1));

  public static class TwoPerSecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("kore.rate-limit.per-minute", Integer.toString(PER_MINUTE));
    }
  }

  @Test
  void a_burst_for_one_account_is_sent_no_faster_than_its_budget() throws Exception {
    Set<String> warmUp = send(1);
    assertThat(
            kafka.await(
                RESULTS,
                r -> warmUp.contains(KafkaTestClient.header(r, "eventId")),
                1,
                Duration.ofSeconds(30)))
        .hasSize(1);
    kore.reset();

    Set<String> ids = send(6);

    assertThat(
            kafka.await(
                RESULTS,
                r -> ids.contains(KafkaTestClient.header(r, "eventId")),
                ids.size(),
                Duration.ofSeconds(30)))
        .hasSize(ids.size());
    List<LoggedRequest> calls =
        kore.campaignRequests().stream()
            .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
            .toList();
    assertThat(calls).hasSize(ids.size());
    for (int i = 1; i < calls.size(); i++) {
      Duration gap =
          Duration.between(
              calls.get(i - 1).getLoggedDate().toInstant(),
              calls.get(i).getLoggedDate().toInstant());
      // Slots are handed out exactly SPACING apart; the tolerance covers the few milliseconds
      // between taking a slot and the request reaching Kore.
      assertThat(gap).isGreaterThanOrEqualTo(SPACING.minusMillis(50));
    }
  }

  private Set<String> send(int count) throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String eventId = UUID.randomUUID().toString();
      kafka.send(REQUESTS, eventId, Samples.request(eventId, event -> {}));
      ids.add(eventId);
    }
    return ids;
  }
}
