package io.korebridge.ops;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.ManagementInterface.scrape;
import static io.korebridge.testsupport.ManagementInterface.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.delivery.CampaignLedgerReadiness;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.ManagementInterface;
import io.korebridge.testsupport.ManagementInterface.Sample;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/** Health and Prometheus metrics on the management port, read over HTTP while events flow. */
@QuarkusTest
class OperationsEndpointsTest extends BridgeIntegrationTest {
  private static final Map<String, String> CREATED =
      Map.of("outcome", "CREATED", "reason", "none", "tenant", "default");
  private static final Map<String, String> REJECTED =
      Map.of("outcome", "FAILED", "reason", "KORE_REJECTED", "tenant", "default");
  private static final Map<String, String> UNKNOWN_TENANT =
      Map.of("outcome", "FAILED", "reason", "UNKNOWN_TENANT", "tenant", "unknown");

  @Inject CamelContext camel;

  @Test
  void liveness_and_readiness_are_up_with_kafka_tenants_and_routes_checked() throws Exception {
    HttpResponse<String> live = ManagementInterface.get("/q/health/live");
    assertThat(live.statusCode()).isEqualTo(200);

    // The idempotency ledger is read in the background after start-up: ready once it is loaded.
    await()
        .atMost(WAIT)
        .until(() -> ManagementInterface.get("/q/health/ready").statusCode() == 200);
    HttpResponse<String> ready = ManagementInterface.get("/q/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    JsonNode checks = json.readTree(ready.body()).path("checks");
    assertThat(checks.findValuesAsText("name"))
        .contains(
            KafkaReadiness.NAME,
            TenantConfigurationReadiness.NAME,
            CampaignLedgerReadiness.NAME,
            "camel-routes");
    assertThat(ready.body()).doesNotContain("DOWN");
  }

  @Test
  void the_console_log_handler_masks_phone_numbers() {
    List<java.util.logging.Handler> consoles = new java.util.ArrayList<>();
    collectConsoles(
        org.jboss.logmanager.LogContext.getLogContext().getLogger("").getHandlers(), consoles);
    assertThat(consoles).isNotEmpty();

    org.jboss.logmanager.ExtLogRecord line =
        new org.jboss.logmanager.ExtLogRecord(
            java.util.logging.Level.INFO,
            "outcome=FAILED detail=error=Kore refused callerId +919860712345",
            "test");
    assertThat(consoles.get(0).isLoggable(line)).isTrue();
    assertThat(line.getFormattedMessage()).doesNotContain("919860712345").contains("+**********45");
  }

  private static void collectConsoles(
      java.util.logging.Handler[] handlers, List<java.util.logging.Handler> found) {
    for (java.util.logging.Handler handler : handlers) {
      if (handler instanceof org.jboss.logmanager.handlers.ConsoleHandler) {
        found.add(handler);
      }
      if (handler instanceof org.jboss.logmanager.ExtHandler ext) {
        collectConsoles(ext.getHandlers(), found);
      }
    }
  }

  @Test
  void readiness_is_down_while_the_consumer_route_is_stopped() throws Exception {
    camel.getRouteController().stopRoute("consume-campaign-requests");
    try {
      HttpResponse<String> ready = ManagementInterface.get("/q/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("DOWN");
      assertThat(ManagementInterface.get("/q/health/live").statusCode())
          .as("a stopped route is not a reason to restart the pod")
          .isEqualTo(200);
    } finally {
      camel.getRouteController().startRoute("consume-campaign-requests");
    }
    await()
        .atMost(WAIT)
        .until(() -> ManagementInterface.get("/q/health/ready").statusCode() == 200);
  }

  @Test
  void metrics_move_after_a_created_and_a_failed_event() throws Exception {
    List<Sample> before = scrape();

    kafka.awaitOutcome(RESULTS, kafka.sendSample(REQUESTS, event -> {}));
    kore.answerWith(400, "{\"status\":\"failure\",\"errors\":[{\"msg\":\"no\"}]}");
    kafka.awaitOutcome(DEAD_LETTER, kafka.sendSample(REQUESTS, event -> {}));
    kafka.awaitOutcome(
        DEAD_LETTER,
        kafka.sendSample(REQUESTS, event -> event.put("tenant", "tenant-" + UUID.randomUUID())));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Sample> after = scrape();
              assertThat(increase(before, after, "campaign_events_consumed_total", Map.of()))
                  .isGreaterThanOrEqualTo(3);
              assertThat(increase(before, after, "campaign_outcomes_total", CREATED)).isEqualTo(1);
              assertThat(increase(before, after, "campaign_outcomes_total", REJECTED)).isEqualTo(1);
              assertThat(increase(before, after, "campaign_outcomes_total", UNKNOWN_TENANT))
                  .as("an invented tenant is counted under 'unknown'")
                  .isEqualTo(1);
              for (String status : List.of("200", "400")) {
                assertThat(
                        increase(
                            before,
                            after,
                            "kore_call_duration_seconds_count",
                            Map.of("status", status)))
                    .as("Kore calls answered %s", status)
                    .isEqualTo(1);
              }
              assertThat(value(after, "kore_call_duration_seconds_bucket", Map.of("status", "200")))
                  .as("latency is a histogram")
                  .isPositive();
              assertThat(value(after, "kore_calls_in_flight", Map.of())).isZero();
            });
    List<Sample> after = scrape();
    assertThat(after)
        .extracting(Sample::name)
        .as("Kafka client metrics, lag included")
        .contains("kafka_consumer_fetch_manager_records_lag_max")
        .contains("kafka_producer_record_send_total");
    assertThat(after)
        .filteredOn(sample -> sample.name().equals("campaign_outcomes_total"))
        .extracting(sample -> sample.labels().get("tenant"))
        .as("only configured tenant names, or 'unknown'")
        .contains("default", "unknown")
        .isSubsetOf("default", "second", "wrong-secret", "pre-issued", "unknown");
  }

  private static double increase(
      List<Sample> before, List<Sample> after, String name, Map<String, String> labels) {
    return value(after, name, labels) - value(before, name, labels);
  }
}
