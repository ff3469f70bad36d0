package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.LOST_ANSWERS_REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Kore creates the campaign but its answer is lost (late past the client timeout, connection reset,
 * "name exists"): the bridge asks Kore's campaign list instead of sending again, so each request
 * makes exactly one campaign.
 */
@QuarkusTest
@TestProfile(LostAnswersProfile.class)
class LostAnswersTest extends BridgeIntegrationTest {

  private static final Duration LATE =
      Duration.ofMillis(LostAnswersProfile.RESPONSE_TIMEOUT_MS * 5L / 2);

  @Test
  void answers_later_than_the_client_timeout_make_one_campaign_per_request() {
    kore.createThenAnswerLate(LATE);
    Map<String, String> nameOf = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      String name = "late " + i + " " + run();
      nameOf.put(send(name), name);
    }

    List<ConsumerRecord<byte[], byte[]>> created =
        kafka.awaitOutcomes(RESULTS, nameOf.keySet(), Duration.ofSeconds(60));
    kore.createThenAnswerLate(Duration.ZERO);

    assertThat(created).hasSize(nameOf.size());
    for (ConsumerRecord<byte[], byte[]> record : created) {
      JsonNode outcome = KafkaTestClient.jsonOf(record);
      String name = nameOf.get(outcome.path("eventId").asText());
      assertThat(kore.campaignIdsNamed(name)).as("campaigns named %s", name).hasSize(1);
      assertThat(outcome.path("campaignId").asText()).isEqualTo(kore.campaignIdsNamed(name).get(0));
      assertThat(outcome.path("reconciled").asBoolean()).isTrue();
    }
    assertThat(kore.listRequests()).isNotEmpty();
    assertThat(noOtherOutcomes(nameOf.keySet())).isTrue();
  }

  @Test
  void a_connection_dropped_after_kore_created_the_campaign_makes_one_campaign() {
    kore.dropConnectionAfterCreating(1);
    String name = "dropped " + run();
    String eventId = send(name);

    JsonNode outcome = KafkaTestClient.jsonOf(kafka.awaitOutcome(RESULTS, eventId));

    assertThat(kore.campaignIdsNamed(name)).hasSize(1);
    assertThat(outcome.path("campaignId").asText()).isEqualTo(kore.campaignIdsNamed(name).get(0));
    assertThat(outcome.path("reconciled").asBoolean()).isTrue();
  }

  @Test
  void an_unreadable_list_holds_the_request_then_fails_it_outcome_unknown_without_a_resend() {
    kore.createThenAnswerLate(LATE);
    kore.listDown(503);
    String name = "list down " + run();
    String eventId = send(name);

    JsonNode failed =
        KafkaTestClient.jsonOf(
            kafka.awaitOutcome(
                DEAD_LETTER,
                eventId,
                Duration.ofMillis(LostAnswersProfile.GIVE_UP_AFTER_MS).plusSeconds(30)));

    assertThat(failed.path("reason").asText()).isEqualTo("KORE_OUTCOME_UNKNOWN");
    assertThat(failed.path("error").asText())
        .contains("attempts=1")
        .contains("firstAttemptAt=")
        .contains("window=")
        .contains("HTTP 503");
    assertThat(kore.campaignIdsNamed(name)).as("never sent again").hasSize(1);
    assertThat(kore.campaignRequests()).hasSize(1);
    assertThat(kore.listRequests()).hasSizeGreaterThan(1);
  }

  @Test
  void a_name_exists_answer_is_looked_up_instead_of_failing_the_request() {
    String name = "exists " + run();
    String first = send(name);
    String campaignId =
        KafkaTestClient.jsonOf(kafka.awaitOutcome(RESULTS, first)).path("campaignId").asText();
    kore.rejectDuplicateNames(409);

    String second = send(name);
    JsonNode outcome = KafkaTestClient.jsonOf(kafka.awaitOutcome(RESULTS, second));

    assertThat(kore.campaignCalls())
        .extracting(io.korebridge.testsupport.KoreSimulator.CampaignCall::status)
        .as("the second create was refused as a duplicate name")
        .containsExactly(200, 409);
    assertThat(outcome.path("campaignId").asText()).isEqualTo(campaignId);
    assertThat(outcome.path("reconciled").asBoolean()).isTrue();
    assertThat(kore.campaignIdsNamed(name)).containsExactly(campaignId);
  }

  private boolean noOtherOutcomes(java.util.Set<String> eventIds) {
    List<ConsumerRecord<byte[], byte[]>> all =
        new ArrayList<>(
            kafka.readAll(RESULTS, KafkaTestClient.withEventIdIn(eventIds), Duration.ofSeconds(2)));
    all.addAll(
        kafka.readAll(DEAD_LETTER, KafkaTestClient.withEventIdIn(eventIds), Duration.ofSeconds(1)));
    return all.size() == eventIds.size();
  }

  private String send(String name) {
    return kafka.sendSample(
        LOST_ANSWERS_REQUESTS, event -> Samples.campaign(event).put("name", name));
  }

  private static String run() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
