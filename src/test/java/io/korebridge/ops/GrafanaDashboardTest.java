package io.korebridge.ops;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.Samples.forTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.ManagementInterface;
import io.korebridge.testsupport.PromQlMetricNames;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the shipped Grafana dashboard queries is exported by the running service, so a
 * renamed meter or a typo in the dashboard fails here and not in front of an operator.
 */
@QuarkusTest
@TestProfile(GrafanaDashboardTest.WithRateBudget.class)
class GrafanaDashboardTest extends BridgeIntegrationTest {

  private static final Path DASHBOARD = Path.of("k8s/base/grafana-dashboard.json");
  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

  /** The rate wait is recorded only while a budget applies; this one never makes a call wait. */
  public static class WithRateBudget implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("kore.rate-limit.per-minute", "60000");
    }
  }

  @Test
  void every_metric_the_dashboard_queries_is_exported_by_the_running_service() throws Exception {
    Set<String> queried = queriedMetrics();
    assertThat(queried)
        .as("the panels issue 13 asks for")
        .contains(
            "campaign_outcomes_total",
            "kore_call_duration_seconds_bucket",
            "kore_calls_in_flight",
            "kore_rate_wait_seconds_sum",
            "campaign_delivery_held_requests",
            "campaign_delivery_pending_records",
            "kafka_consumer_fetch_manager_records_lag_max",
            "kore_token_renewals_total");

    // Lazily created meters exist once something happened: a created campaign, and a token
    // renewal (the wrong-secret tenant is refused, renewed once, refused again).
    String created = kafka.sendSample(REQUESTS, forTenant("default"));
    kafka.awaitOutcome(RESULTS, created);
    String refused =
        kafka.sendSample(REQUESTS, forTenant(BridgeTestEnvironment.WRONG_SECRET_TENANT));
    kafka.awaitOutcome(DEAD_LETTER, refused);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              HttpResponse<String> metrics = ManagementInterface.get("/q/metrics");
              assertThat(metrics.statusCode()).isEqualTo(200);
              assertThat(missing(queried, metrics.body()))
                  .as("dashboard metrics not exported (or of the wrong type) by /q/metrics")
                  .isEmpty();
            });
  }

  /** Every metric name in the dashboard's panel queries and variable queries. */
  private Set<String> queriedMetrics() throws Exception {
    JsonNode dashboard = json.readTree(Files.readString(DASHBOARD));
    Set<String> names = new TreeSet<>();
    List<JsonNode> exprs = dashboard.path("panels").findValues("expr");
    assertThat(exprs).isNotEmpty();
    for (JsonNode expr : exprs) {
      Set<String> found = PromQlMetricNames.in(expr.asText());
      assertThat(found).as("a metric in %s", expr.asText()).isNotEmpty();
      names.addAll(found);
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      JsonNode query = variable.path("query");
      if ("query".equals(variable.path("type").asText())) {
        String text = query.isObject() ? query.path("query").asText() : query.asText();
        names.addAll(PromQlMetricNames.inVariableQuery(text));
      }
    }
    return names;
  }

  /**
   * The queried names /q/metrics does not export. A {@code _bucket} needs its base name to be a
   * histogram, {@code _count} and {@code _sum} a histogram or summary, so a histogram query on a
   * plain timer fails too.
   */
  private static Map<String, String> missing(Set<String> queried, String exposition) {
    Set<String> samples = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(line.split("[{ ]", 2)[0]);
      }
    }
    Map<String, String> types = new TreeMap<>();
    Matcher type = TYPE.matcher(exposition);
    while (type.find()) {
      types.put(type.group(1), type.group(2));
    }
    Map<String, String> missing = new TreeMap<>();
    for (String name : queried) {
      if (!samples.contains(name)) {
        missing.put(name, "no sample");
        continue;
      }
      for (String suffix : List.of("_bucket", "_count", "_sum")) {
        if (name.endsWith(suffix)) {
          String base = name.substring(0, name.length() - suffix.length());
          Set<String> allowed =
              suffix.equals("_bucket") ? Set.of("histogram") : Set.of("histogram", "summary");
          if (!allowed.contains(types.get(base))) {
            missing.put(name, base + " is " + types.get(base) + ", not " + allowed);
          }
        }
      }
    }
    return missing;
  }
}
