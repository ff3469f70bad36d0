package io.korebridge.replay;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.DeadLetters;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's recovery: Kore refused a request, Kore is fixed, the replay creates it. */
@QuarkusTest
class ReplayRecoveryTest extends BridgeIntegrationTest {

  @ConfigProperty(name = "kafka.bootstrap-servers")
  String bootstrapServers;

  @AfterEach
  void leaveKoreAsItWas() {
    kore.reset();
  }

  @Test
  void replayed_dead_letter_becomes_a_campaign_once_kore_accepts_it() throws Exception {
    String eventId = UUID.randomUUID().toString();
    byte[] event = Samples.request(eventId, e -> {});
    kore.answerWith(400, "{\"status\":\"failure\",\"errors\":[{\"msg\":\"not today\"}]}");
    kafka.send(REQUESTS, "crm-replay", event);
    kafka.awaitOutcome(DEAD_LETTER, eventId);
    kore.reset();

    replay("--event-id=" + eventId, "--reason=KORE_REJECTED");

    var created = kafka.awaitOutcome(RESULTS, eventId);
    assertThat(json.readTree(created.value()).path("outcome").asText()).isEqualTo("CREATED");
    assertThat(new String(created.key(), StandardCharsets.UTF_8)).isEqualTo("crm-replay");
    assertThat(kore.campaignRequests()).hasSize(1);
  }

  @Test
  void replayed_cloudevents_binary_request_keeps_its_ce_headers_and_becomes_a_campaign()
      throws Exception {
    String ceId = UUID.randomUUID().toString();
    // Binary mode without eventId in the value: only the ce_* headers make it a valid request.
    byte[] event = Samples.request(ceId, e -> e.remove("eventId"));
    Map<String, String> ceHeaders = new LinkedHashMap<>();
    ceHeaders.put("ce_specversion", "1.0");
    ceHeaders.put("ce_id", ceId);
    ceHeaders.put("ce_type", "io.korebridge.campaign.requested");
    ceHeaders.put("ce_source", "/crm/campaigns");
    ceHeaders.put("content-type", "application/json");
    // The dead letter as the service writes it once it keeps the headers (originalHeaders).
    ObjectNode deadLetter =
        json.valueToTree(
            DeadLetters.failed(
                Clock.systemUTC(),
                ceId,
                "default",
                new CampaignFailedException(FailureReason.KORE_UNAVAILABLE, "Kore was down"),
                5,
                event,
                REQUESTS + "-0@0"));
    ArrayNode originalHeaders = deadLetter.putArray("originalHeaders");
    ceHeaders.forEach(
        (name, value) ->
            originalHeaders
                .addObject()
                .put("name", name)
                .put(
                    "valueBase64",
                    Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    kafka.send(DEAD_LETTER, "crm-ce", json.writeValueAsBytes(deadLetter));

    replay("--event-id=" + ceId);

    var replayed =
        kafka.awaitOutcome(
            REQUESTS,
            record ->
                ceId.equals(header(record, "ce_id"))
                    && header(record, DeadLetterReplay.REPLAYED_FROM_HEADER) != null,
            WAIT);
    assertThat(replayed.headers().toArray())
        .extracting(Header::key)
        .containsExactly(
            "ce_specversion",
            "ce_id",
            "ce_type",
            "ce_source",
            "content-type",
            DeadLetterReplay.REPLAYED_FROM_HEADER);
    ceHeaders.forEach((name, value) -> assertThat(header(replayed, name)).isEqualTo(value));
    var created = kafka.awaitOutcome(RESULTS, ceId);
    assertThat(json.readTree(created.value()).path("outcome").asText()).isEqualTo("CREATED");
    assertThat(json.readTree(created.value()).path("eventId").asText()).isEqualTo(ceId);
  }

  /** Runs the replay command from the test broker's dead-letter topic to its requests topic. */
  private void replay(String... filters) {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>();
    args.add("--bootstrap-servers=" + bootstrapServers);
    args.add("--dead-letter-topic=" + DEAD_LETTER);
    args.add("--requests-topic=" + REQUESTS);
    args.addAll(List.of(filters));
    int exitCode =
        ReplayDeadLetters.run(
            new PrintStream(report, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
    assertThat(exitCode).as(report.toString(StandardCharsets.UTF_8)).isZero();
  }
}
