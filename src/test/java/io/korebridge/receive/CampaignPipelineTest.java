package io.korebridge.receive;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.header;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static io.korebridge.testsupport.KafkaTestClient.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.KoreTokenCheck;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The whole pipeline through a real Kafka broker and real HTTP to the Kore simulator. */
@QuarkusTest
class CampaignPipelineTest extends BridgeIntegrationTest {

  @Test
  void seed_sample_becomes_the_page_body_with_kore_headers_and_a_created_outcome()
      throws Exception {
    String eventId = UUID.randomUUID().toString();
    byte[] event = Samples.request(eventId, unchanged -> {});

    kafka.send(REQUESTS, "crm-key-1", event);

    ConsumerRecord<byte[], byte[]> result = kafka.awaitOutcome(RESULTS, eventId);
    List<LoggedRequest> calls = kore.campaignRequests();
    assertThat(calls).hasSize(1);
    LoggedRequest call = calls.get(0);
    assertThat(json.readTree(call.getBodyAsString()))
        .isEqualTo(json.readTree(Samples.bytes("kore-create-campaign-body.json")));
    assertThat(call.getUrl())
        .isEqualTo(
            "/api/v2/public/"
                + KoreSimulator.STREAM_ID
                + "/campaign?accountId="
                + KoreSimulator.ACCOUNT_ID
                + "&campaignType=sms");
    assertThat(KoreTokenCheck.read(call.getHeader("auth"), KoreSimulator.DEFAULT_ACCOUNT))
        .as("signed with the default tenant's client secret")
        .isNotNull();
    assertThat(call.getHeader("accountid")).isEqualTo(KoreSimulator.ACCOUNT_ID);
    assertThat(call.getHeader("iid")).isEqualTo(KoreSimulator.IID);
    assertThat(call.getHeader("Content-Type")).startsWith("application/json");

    JsonNode koreAnswer = json.readTree(kore.campaignResponses().get(0));
    JsonNode outcome = json.readTree(result.value());
    assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(outcome.path("eventId").asText()).isEqualTo(eventId);
    assertThat(outcome.path("tenant").asText()).isEqualTo("default");
    assertThat(outcome.path("campaignId").asText())
        .isEqualTo(koreAnswer.at("/data/_id").asText())
        .startsWith("cd-");
    assertThat(outcome.path("campaignName").asText())
        .isEqualTo("Interactive Support SMS Campaign1212");
    assertThat(outcome.path("koreStatus").asText()).isEqualTo("Ready");
    assertThat(outcome.path("experienceFlowId").asText())
        .isEqualTo(koreAnswer.at("/data/experienceFlow").asText());
    assertThat(outcome.path("koreMessage").asText())
        .isEqualTo("Campaign Interactive Support SMS Campaign1212 creation in progress");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(1);
    assertThat(outcome.path("processedAt").asText()).isNotBlank();
    assertThat(new String(result.key(), StandardCharsets.UTF_8)).isEqualTo("crm-key-1");
    assertThat(header(result, "outcome")).isEqualTo("CREATED");
  }

  @Test
  void kore_400_lands_on_dead_letter_with_status_body_and_original_event() throws Exception {
    String koreError = "{\"status\":\"failure\",\"errors\":[{\"msg\":\"Invalid contact list\"}]}";
    kore.answerWith(400, koreError);
    String eventId = UUID.randomUUID().toString();
    byte[] event = Samples.request(eventId, unchanged -> {});

    kafka.send(REQUESTS, "crm-key-2", event);

    ConsumerRecord<byte[], byte[]> failed = kafka.awaitOutcome(DEAD_LETTER, eventId);
    JsonNode outcome = json.readTree(failed.value());
    assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(outcome.path("reason").asText()).isEqualTo("KORE_REJECTED");
    assertThat(outcome.path("httpStatus").asInt()).isEqualTo(400);
    assertThat(outcome.path("koreResponseBody").asText()).isEqualTo(koreError);
    assertThat(outcome.path("attempts").asInt()).isEqualTo(1);
    assertThat(outcome.path("error").asText()).contains("400");
    assertThat(Base64.getDecoder().decode(outcome.path("originalEventBase64").asText()))
        .isEqualTo(event);
    assertThat(outcome.path("originalEvent").asText())
        .isEqualTo(new String(event, StandardCharsets.UTF_8));
    assertThat(new String(failed.key(), StandardCharsets.UTF_8)).isEqualTo("crm-key-2");
    assertThat(header(failed, "outcome")).isEqualTo("FAILED");
    assertThat(kafka.readAll(RESULTS, withEventId(eventId), Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void non_json_event_is_dead_lettered_with_its_bytes_and_the_next_event_is_created()
      throws Exception {
    byte[] garbage = {(byte) 0xC3, 0x28, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'};
    String nextEventId = UUID.randomUUID().toString();
    String poisonKey = "poison-" + nextEventId;

    kafka.send(REQUESTS, poisonKey, garbage);
    kafka.send(REQUESTS, "crm-key-3", Samples.request(nextEventId, unchanged -> {}));

    kafka.awaitOutcome(RESULTS, nextEventId);
    ConsumerRecord<byte[], byte[]> poison =
        kafka.awaitOutcome(DEAD_LETTER, withKey(poisonKey), WAIT);
    JsonNode outcome = json.readTree(poison.value());
    assertThat(outcome.path("reason").asText()).isEqualTo("MALFORMED_EVENT");
    assertThat(outcome.path("error").asText()).startsWith("event is not valid JSON");
    assertThat(outcome.has("eventId")).isFalse();
    assertThat(outcome.has("originalEvent")).as("bytes are not UTF-8").isFalse();
    assertThat(Base64.getDecoder().decode(outcome.path("originalEventBase64").asText()))
        .isEqualTo(garbage);
    assertThat(kore.campaignRequests()).hasSize(1);
  }

  @Test
  void unknown_tenant_fails_without_calling_kore() throws Exception {
    String eventId = kafka.sendSample(REQUESTS, e -> e.put("tenant", "no-such-tenant"));

    JsonNode outcome = json.readTree(kafka.awaitOutcome(DEAD_LETTER, eventId).value());
    assertThat(outcome.path("reason").asText()).isEqualTo("UNKNOWN_TENANT");
    assertThat(outcome.path("tenant").asText()).isEqualTo("no-such-tenant");
    assertThat(outcome.path("attempts").asInt()).isZero();
    assertThat(kore.campaignRequests()).isEmpty();
  }

  @Test
  void request_record_headers_never_reach_kore_and_auth_never_reaches_outcome_headers()
      throws Exception {
    String eventId =
        kafka.sendSample(REQUESTS, unchanged -> {}, Map.of("x-crm-session", "crm-internal"));

    ConsumerRecord<byte[], byte[]> result = kafka.awaitOutcome(RESULTS, eventId);
    LoggedRequest call = kore.campaignRequests().get(0);
    assertThat(call.getHeaders().keys()).doesNotContain("x-crm-session");
    assertThat(call.getHeaders().keys()).noneMatch(name -> name.toLowerCase().startsWith("kafka"));
    assertThat(result.headers())
        .extracting(h -> h.key().toLowerCase())
        .containsOnly(
            "eventid",
            "outcome",
            "content-type",
            "ce_specversion",
            "ce_id",
            "ce_type",
            "ce_source",
            "ce_subject",
            "ce_time");
  }
}
