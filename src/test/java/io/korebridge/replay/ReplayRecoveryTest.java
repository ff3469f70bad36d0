package io.korebridge.replay;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.header;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.outcome.Outcomes;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's recovery: Kore refused a request, Kore is fixed, the replay creates it. */
@QuarkusTest
@QuarkusTestResource(value = BridgeTestEnvironment.class, restrictToAnnotatedClass = false)
class ReplayRecoveryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @BridgeTestEnvironment.Simulator KoreSimulator kore;
  @BridgeTestEnvironment.Kafka KafkaTestClient kafka;

  @ConfigProperty(name = "kafka.bootstrap-servers")
  String bootstrapServers;

  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  @AfterEach
  void resetKore() {
    kore.reset();
  }

  @Test
  void replayed_dead_letter_becomes_a_campaign_once_kore_accepts_it() throws Exception {
    String eventId = UUID.randomUUID().toString();
    byte[] event = Samples.request(eventId, e -> {});
    kore.answerWith(400, "{\"status\":\"failure\",\"errors\":[{\"msg\":\"not today\"}]}");
    kafka.send(REQUESTS, "crm-replay", event);
    assertThat(kafka.await(DEAD_LETTER, withEventId(eventId), 1, WAIT)).hasSize(1);
    kore.reset();

    ByteArrayOutputStream report = new ByteArrayOutputStream();
    int exitCode =
        ReplayDeadLetters.run(
            new PrintStream(report, true, StandardCharsets.UTF_8),
            "--bootstrap-servers=" + bootstrapServers,
            "--dead-letter-topic=" + DEAD_LETTER,
            "--requests-topic=" + REQUESTS,
            "--event-id=" + eventId,
            "--reason=KORE_REJECTED");

    assertThat(exitCode).as(report.toString(StandardCharsets.UTF_8)).isZero();
    var created = kafka.await(RESULTS, withEventId(eventId), 1, WAIT);
    assertThat(created).hasSize(1);
    assertThat(json.readTree(created.get(0).value()).path("outcome").asText()).isEqualTo("CREATED");
    assertThat(new String(created.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("crm-replay");
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
            new Outcomes(Clock.systemUTC(), 1024 * 1024)
                .failed(
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

    ByteArrayOutputStream report = new ByteArrayOutputStream();
    int exitCode =
        ReplayDeadLetters.run(
            new PrintStream(report, true, StandardCharsets.UTF_8),
            "--bootstrap-servers=" + bootstrapServers,
            "--dead-letter-topic=" + DEAD_LETTER,
            "--requests-topic=" + REQUESTS,
            "--event-id=" + ceId);

    assertThat(exitCode).as(report.toString(StandardCharsets.UTF_8)).isZero();
    var replayed =
        kafka.await(
            REQUESTS,
            record ->
                ceId.equals(header(record, "ce_id"))
                    && header(record, DeadLetterReplay.REPLAYED_FROM_HEADER) != null,
            1,
            WAIT);
    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0).headers().toArray())
        .extracting(Header::key)
        .containsExactly(
            "ce_specversion",
            "ce_id",
            "ce_type",
            "ce_source",
            "content-type",
            DeadLetterReplay.REPLAYED_FROM_HEADER);
    ceHeaders.forEach((name, value) -> assertThat(header(replayed.get(0), name)).isEqualTo(value));
    var created = kafka.await(RESULTS, withEventId(ceId), 1, WAIT);
    assertThat(created).hasSize(1);
    assertThat(json.readTree(created.get(0).value()).path("outcome").asText()).isEqualTo("CREATED");
    assertThat(json.readTree(created.get(0).value()).path("eventId").asText()).isEqualTo(ceId);
  }
}
