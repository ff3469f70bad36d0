package io.korebridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The extraction the dashboard test relies on finds metric names, typos included, and only them.
 */
class PromQlMetricNamesTest {

  @Test
  void names_inside_functions_aggregations_and_arithmetic_are_found() {
    assertThat(
            PromQlMetricNames.in(
                "histogram_quantile(0.99, sum by (le, status)"
                    + " (rate(kore_call_duration_seconds_bucket{namespace=\"$namespace\","
                    + " tenant=~\"$tenant\"}[$__rate_interval])))"))
        .containsExactly("kore_call_duration_seconds_bucket");
    assertThat(
            PromQlMetricNames.in(
                "sum(rate(a_sum[5m])) / clamp_min(sum(rate(a_count[5m])), 1e-9) * 60"
                    + " or on(pod) b_total offset 1h > bool 0.5"))
        .containsExactly("a_count", "a_sum", "b_total");
  }

  @Test
  void a_misspelt_name_is_reported_as_it_is_written() {
    assertThat(PromQlMetricNames.in("sum by (outcome) (rate(campaign_outcome_total[5m]))"))
        .containsExactly("campaign_outcome_total");
  }

  @Test
  void label_names_values_and_variables_are_not_metric_names() {
    assertThat(
            PromQlMetricNames.in(
                "max without (instance) (x{reason=\"KORE_AUTH_FAILED\", status=~\"5..|error\","
                    + " pod=\"${pod}\"}) by (tenant)"))
        .containsExactly("x");
  }

  @Test
  void a_label_values_variable_selects_from_its_first_argument() {
    assertThat(
            PromQlMetricNames.inVariableQuery(
                "label_values(campaign_outcomes_total{namespace=\"$namespace\"}, tenant)"))
        .containsExactly("campaign_outcomes_total");
    assertThat(PromQlMetricNames.inVariableQuery("label_values(namespace)")).isEmpty();
  }
}
