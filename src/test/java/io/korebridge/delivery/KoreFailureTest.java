package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** How the bridge rides out Kore faults: which it retries, how long it waits, when it gives up. */
@QuarkusTest
@TestProfile(FastRetriesProfile.class)
class KoreFailureTest extends BridgeIntegrationTest {

  private static final Duration RETRY_WAIT = Duration.ofSeconds(40);

  @Test
  void two_503s_then_success_create_one_campaign_after_three_attempts() throws Exception {
    kore.failNext(2, 503, Map.of(), 0);
    String eventId = send();

    JsonNode outcome = outcome(RESULTS, eventId);

    assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(3);
    assertThat(kore.campaignRequests()).hasSize(3);
    assertThat(kore.campaignResponses()).filteredOn(body -> body.contains("\"_id\"")).hasSize(1);
  }

  @Test
  void waits_as_long_as_retry_after_asks_before_calling_again() throws Exception {
    kore.failNext(1, 429, Map.of("Retry-After", "2"), 0);
    String eventId = send();

    outcome(RESULTS, eventId);

    assertThat(gapBetweenFirstTwoCalls()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void caps_a_huge_retry_after() throws Exception {
    kore.failNext(1, 429, Map.of("Retry-After", "86400"), 0);
    String eventId = send();

    JsonNode outcome = outcome(RESULTS, eventId);

    assertThat(outcome.path("attempts").asInt()).isEqualTo(2);
    assertThat(gapBetweenFirstTwoCalls())
        .isGreaterThanOrEqualTo(Duration.ofMillis(FastRetriesProfile.MAX_RETRY_AFTER_MS))
        .isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void a_hanging_kore_is_timed_out_and_retried_until_created() throws Exception {
    kore.failNext(1, 504, Map.of(), FastRetriesProfile.RESPONSE_TIMEOUT_MS * 3);
    String eventId = send();

    JsonNode outcome = outcome(RESULTS, eventId);

    assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void a_400_is_final_and_not_retried() throws Exception {
    kore.failNext(1, 400, Map.of(), 0);
    String eventId = send();

    JsonNode outcome = outcome(DEAD_LETTER, eventId);

    assertThat(outcome.path("reason").asText()).isEqualTo("KORE_REJECTED");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(1);
    assertThat(kore.campaignRequests()).hasSize(1);
  }

  @Test
  void persistent_503_fails_as_kore_unavailable_after_max_attempts() throws Exception {
    kore.failNext(10, 503, Map.of(), 0);
    String eventId = send();

    JsonNode outcome = outcome(DEAD_LETTER, eventId);

    assertThat(outcome.path("reason").asText()).isEqualTo("KORE_UNAVAILABLE");
    assertThat(outcome.path("httpStatus").asInt()).isEqualTo(503);
    assertThat(outcome.path("attempts").asInt()).isEqualTo(5);
    assertThat(kore.campaignRequests()).hasSize(5);
  }

  @Test
  void persistent_429_fails_as_rate_limited() throws Exception {
    kore.failNext(10, 429, Map.of(), 0);
    String eventId = send();

    JsonNode outcome = outcome(DEAD_LETTER, eventId);

    assertThat(outcome.path("reason").asText()).isEqualTo("RATE_LIMITED");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(5);
  }

  private String send() {
    String eventId = UUID.randomUUID().toString();
    kafka.send(REQUESTS, eventId, Samples.request(eventId, event -> {}));
    return eventId;
  }

  private JsonNode outcome(String topic, String eventId) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> found =
        kafka.await(topic, withEventId(eventId), 1, RETRY_WAIT);
    assertThat(found).as("outcome for %s on %s", eventId, topic).hasSize(1);
    return json.readTree(found.get(0).value());
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
