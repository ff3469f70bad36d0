package io.korebridge.replay;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
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
}
