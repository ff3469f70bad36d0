package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.kore.KoreTenants;
import io.korebridge.testsupport.KoreTestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The meter names and tags other features record through; tenants stay a bounded tag. */
class BridgeMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BridgeMetrics metrics = new BridgeMetrics(registry, tenants());

  @Test
  void hooks_for_retries_rate_wait_and_token_renewals_record_under_their_names() {
    metrics.koreRetry("default", "HTTP_503");
    metrics.rateBudgetWaited("default", Duration.ofMillis(250));
    metrics.tokenRenewed("default", true);
    metrics.tokenRenewed("default", false);

    assertThat(
            registry
                .get(BridgeMetrics.KORE_RETRIES)
                .tags("reason", "HTTP_503", "tenant", "default")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(BridgeMetrics.RATE_WAIT)
                .tag("tenant", "default")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(250);
    assertThat(
            registry.get(BridgeMetrics.TOKEN_RENEWALS).tag("result", "failure").counter().count())
        .isEqualTo(1);
  }

  @Test
  void unconfigured_tenants_share_one_series_and_in_flight_returns_to_zero() {
    metrics.outcome("FAILED", "UNKNOWN_TENANT", "made-up-1");
    metrics.outcome("FAILED", "UNKNOWN_TENANT", "made-up-2");
    metrics.koreCallStarted();
    metrics.koreCallFinished(null, 0, Duration.ofSeconds(30));

    assertThat(registry.get(BridgeMetrics.OUTCOMES).counters()).hasSize(1);
    assertThat(registry.get(BridgeMetrics.OUTCOMES).tag("tenant", "unknown").counter().count())
        .isEqualTo(2);
    assertThat(registry.get(BridgeMetrics.KORE_CALLS).tag("status", "error").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(BridgeMetrics.KORE_IN_FLIGHT).gauge().value()).isZero();
  }

  @Test
  void pending_and_held_gauges_exist_from_the_start_and_read_what_the_engine_sets() {
    assertThat(registry.get(BridgeMetrics.PENDING_RECORDS).gauge().value()).isZero();
    assertThat(registry.get(BridgeMetrics.HELD_REQUESTS).gauge().value()).isZero();

    metrics.pendingRecords().set(7);
    metrics.heldRequests().incrementAndGet();

    assertThat(registry.get(BridgeMetrics.PENDING_RECORDS).gauge().value()).isEqualTo(7);
    assertThat(registry.get(BridgeMetrics.HELD_REQUESTS).gauge().value()).isEqualTo(1);
  }

  private static KoreTenants tenants() {
    return new KoreTenants(
        KoreTestConfig.kore(
            Map.of(
                "kore.base-url", "https://platform.kore.ai",
                "kore.stream-id", "st-1",
                "kore.account-id", "acc-1",
                "kore.iid", "st-1",
                "kore.jwt", "jwt")));
  }
}
