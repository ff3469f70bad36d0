package io.korebridge.ops;

import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.EmbeddedKafka;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.ManagementInterface;
import io.korebridge.testsupport.SaslScramKafkaResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The pipeline through a broker that demands SCRAM credentials and ACLs; broker outages. */
@QuarkusTest
@TestProfile(SaslScramKafkaProfile.class)
class SecuredKafkaTest extends BridgeIntegrationTest {

  private static final Duration SECURED_WAIT = Duration.ofSeconds(60);

  @SaslScramKafkaResource.Broker EmbeddedKafka broker;

  /** The SASL broker's super-user; the base class's {@code kafka} is on the shared broker. */
  @SaslScramKafkaResource.AdminClient KafkaTestClient securedKafka;

  @Test
  void creates_a_campaign_through_a_broker_that_requires_sasl_scram_and_acls() throws Exception {
    String eventId = securedKafka.sendSample(REQUESTS, event -> {});

    ConsumerRecord<byte[], byte[]> result =
        securedKafka.awaitOutcome(RESULTS, eventId, SECURED_WAIT);
    assertThat(json.readTree(result.value()).path("outcome").asText()).isEqualTo("CREATED");
  }

  @Test
  void readiness_is_down_while_the_broker_is_stopped_and_up_when_it_returns() throws Exception {
    await().atMost(SECURED_WAIT).until(() -> readiness().statusCode() == 200);

    broker.stopBroker();
    try {
      await()
          .atMost(SECURED_WAIT)
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

    await().atMost(SECURED_WAIT).until(() -> readiness().statusCode() == 200);
    String eventId = securedKafka.sendSample(REQUESTS, event -> {});
    // the pipeline works again after the outage
    securedKafka.awaitOutcome(RESULTS, eventId, SECURED_WAIT);
  }

  private static HttpResponse<String> readiness() {
    return ManagementInterface.get("/q/health/ready");
  }
}
