package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How the bridge rides out Kore faults: which it retries, how long it waits, when it gives up. */
@QuarkusTest
@TestProfile(FastRetriesProfile.class)
class KoreFailureTest extends BridgeIntegrationTest {

  private static final Duration RETRY_WAIT = Duration.ofSeconds(40);

  /**
   * One Kore failure and what must come of it: {@code failures} answers of {@code status} (each
   * after {@code timeouts} response timeouts), then success; the outcome's topic, its {@code
   * outcome} or {@code reason}, its attempts and, where given, its HTTP status and the calls made.
   */
  record Failure(
      String name,
      int failures,
      int status,
      int timeouts,
      String topic,
      String field,
      String value,
      int attempts,
      Integer httpStatus,
      Integer calls) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Failure> failures() {
    return Stream.of(
        new Failure(
            "two_503s_then_success_create_one_campaign_after_three_attempts",
            2,
            503,
            0,
            RESULTS,
            "outcome",
            "CREATED",
            3,
            null,
            3),
        new Failure(
            "a_hanging_kore_is_timed_out_and_retried_until_created",
            1,
            504,
            3,
            RESULTS,
            "outcome",
            "CREATED",
            2,
            null,
            null),
        new Failure(
            "a_400_is_final_and_not_retried",
            1,
            400,
            0,
            DEAD_LETTER,
            "reason",
            "KORE_REJECTED",
            1,
            null,
            1),
        new Failure(
            "persistent_503_fails_as_kore_unavailable_after_max_attempts",
            10,
            503,
            0,
            DEAD_LETTER,
            "reason",
            "KORE_UNAVAILABLE",
            5,
            503,
            5),
        new Failure(
            "persistent_429_fails_as_rate_limited",
            10,
            429,
            0,
            DEAD_LETTER,
            "reason",
            "RATE_LIMITED",
            5,
            null,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void a_failing_kore_is_retried_or_given_up_on_as_its_answer_says(Failure failure)
      throws Exception {
    kore.failNext(
        failure.failures(),
        failure.status(),
        Map.of(),
        FastRetriesProfile.RESPONSE_TIMEOUT_MS * failure.timeouts());
    String eventId = kafka.sendSample(REQUESTS, event -> {});

    JsonNode outcome = outcome(failure.topic(), eventId);

    assertThat(outcome.path(failure.field()).asText()).isEqualTo(failure.value());
    assertThat(outcome.path("attempts").asInt()).isEqualTo(failure.attempts());
    if (failure.httpStatus() != null) {
      assertThat(outcome.path("httpStatus").asInt()).isEqualTo(failure.httpStatus());
    }
    if (failure.calls() != null) {
      assertThat(kore.campaignRequests()).hasSize(failure.calls());
    }
    if (failure.status() == 503 && failure.value().equals("CREATED")) {
      assertThat(kore.campaignResponses()).filteredOn(body -> body.contains("\"_id\"")).hasSize(1);
    }
  }

  @Test
  void waits_as_long_as_retry_after_asks_before_calling_again() throws Exception {
    kore.failNext(1, 429, Map.of("Retry-After", "2"), 0);
    String eventId = kafka.sendSample(REQUESTS, event -> {});

    outcome(RESULTS, eventId);

    assertThat(gapBetweenFirstTwoCalls()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void caps_a_huge_retry_after() throws Exception {
    kore.failNext(1, 429, Map.of("Retry-After", "86400"), 0);
    String eventId = kafka.sendSample(REQUESTS, event -> {});

    JsonNode outcome = outcome(RESULTS, eventId);

    assertThat(outcome.path("attempts").asInt()).isEqualTo(2);
    assertThat(gapBetweenFirstTwoCalls())
        .isGreaterThanOrEqualTo(Duration.ofMillis(FastRetriesProfile.MAX_RETRY_AFTER_MS))
        .isLessThan(Duration.ofSeconds(15));
  }

  private JsonNode outcome(String topic, String eventId) {
    return KafkaTestClient.jsonOf(kafka.awaitOutcome(topic, eventId, RETRY_WAIT));
  }

  private Duration gapBetweenFirstTwoCalls() {
    List<LoggedRequest> calls =
        kore.campaignRequests().stream()
            .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
            .toList();
    assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
    return Duration.between(
        calls.get(0).getLoggedDate().toInstant(), calls.get(1).getLoggedDate().toInstant());
  }
}
