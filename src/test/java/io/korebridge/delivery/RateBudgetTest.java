package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    assertThat(kafka.awaitOutcomes(RESULTS, warmUp, Duration.ofSeconds(30))).hasSize(1);
    kore.reset();

    Set<String> ids = send(6);

    assertThat(kafka.awaitOutcomes(RESULTS, ids, Duration.ofSeconds(30))).hasSize(ids.size());
    List<LoggedRequest> calls =
        kore.campaignRequests().stream()
            .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
            .toList();
    assertThat(calls).hasSize(ids.size());
    // Calls leave in their slots, SPACING apart; a call may leave up to half a slot late (a slot
    // any later is skipped), so two calls are at least half a slot apart and n calls span at
    // least n - 1 slots less half a slot.
    for (int i = 1; i < calls.size(); i++) {
      assertThat(gap(calls.get(i - 1), calls.get(i))).isGreaterThanOrEqualTo(SPACING.dividedBy(2));
    }
    assertThat(gap(calls.get(0), calls.get(calls.size() - 1)))
        .isGreaterThanOrEqualTo(SPACING.multipliedBy(calls.size() - 1).minus(SPACING.dividedBy(2)));
  }

  private static Duration gap(LoggedRequest earlier, LoggedRequest later) {
    return Duration.between(earlier.getLoggedDate().toInstant(), later.getLoggedDate().toInstant());
  }

  private Set<String> send(int count) throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      ids.add(kafka.sendSample(REQUESTS, event -> {}));
    }
    return ids;
  }
}
