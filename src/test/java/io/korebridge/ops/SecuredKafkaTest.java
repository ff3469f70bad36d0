package io.korebridge.ops;

import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.EmbeddedKafka;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.ManagementInterface;
import io.korebridge.testsupport.Samples;
import io.korebridge.testsupport.SaslScramKafkaResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline through a broker that demands SCRAM credentials and ACLs; broker outages. */
@QuarkusTest
@TestProfile(SaslScramKafkaProfile.class)
class SecuredKafkaTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @SaslScramKafkaResource.Broker EmbeddedKafka broker;
  @SaslScramKafkaResource.AdminClient KafkaTestClient kafka;
  @BridgeTestEnvironment.Simulator KoreSimulator kore;

  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void resetKore() {
    kore.reset();
  }

  @Test
  void creates_a_campaign_through_a_broker_that_requires_sasl_scram_and_acls() throws Exception {
    String eventId = send();

    ConsumerRecord<byte[], byte[]> result =
        kafka.await(RESULTS, withEventId(eventId), 1, WAIT).stream().findFirst().orElseThrow();
    assertThat(json.readTree(result.value()).path("outcome").asText()).isEqualTo("CREATED");
  }

  @Test
  void readiness_is_down_while_the_broker_is_stopped_and_up_when_it_returns() throws Exception {
    await().atMost(WAIT).until(() -> readiness().statusCode() == 200);

    broker.stopBroker();
    try {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                HttpResponse<String> ready = readiness();
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json.readTree(ready.body()).path("checks"))
                    .anySatisfy(
                        check -> {
                          assertThat(check.path("name").asText()).isEqualTo(KafkaReadiness.NAME);
                          assertThat(check.path("status").asText()).isEqualTo("DOWN");
                        });
              });
      assertThat(ManagementInterface.get("/q/health/live").statusCode()).isEqualTo(200);
    } finally {
      broker.startBroker();
    }

    await().atMost(WAIT).until(() -> readiness().statusCode() == 200);
    String eventId = send();
    assertThat(kafka.await(RESULTS, withEventId(eventId), 1, WAIT))
        .as("the pipeline works again after the outage")
        .hasSize(1);
  }

  private static HttpResponse<String> readiness() {
    return ManagementInterface.get("/q/health/ready");
  }

  private String send() throws Exception {
    String eventId = UUID.randomUUID().toString();
    kafka.send(REQUESTS, eventId, Samples.request(eventId, event -> {}));
    return eventId;
  }
}
