package io.korebridge.kore;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.Samples.forTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.HttpsKoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kore's host name is checked against its certificate on the real path: Camel's HTTP component, the
 * trust store from {@code kore.tls.trust-store-path}, the simulator serving HTTPS. The trusted
 * certificate names {@code localhost}; reached as {@code 127.0.0.2} it is the wrong name's.
 */
@QuarkusTest
@TestProfile(KoreHostNameVerificationTest.HttpsWithFastRetries.class)
class KoreHostNameVerificationTest extends BridgeIntegrationTest {

  public static class HttpsWithFastRetries extends HttpsKoreProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kore.retry.initial-backoff-ms", "100",
          "kore.retry.max-backoff-ms", "200",
          "kore.retry.max-attempts", "2",
          "kore.outage.give-up-after-ms", "0");
    }
  }

  @Test
  void kore_reached_under_a_name_its_certificate_names_creates_the_campaign() throws Exception {
    String eventId = kafka.sendSample(REQUESTS, forTenant("default"));

    JsonNode outcome = json.readTree(kafka.awaitOutcome(RESULTS, eventId).value());

    assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(kore.campaignRequests())
        .singleElement()
        .satisfies(call -> assertThat(call.getAbsoluteUrl()).startsWith("https://localhost:"));
  }

  @Test
  void kore_reached_under_a_name_its_certificate_does_not_name_is_never_sent_the_request()
      throws Exception {
    String eventId =
        kafka.sendSample(REQUESTS, forTenant(BridgeTestEnvironment.WRONG_HOST_NAME_TENANT));

    JsonNode outcome = json.readTree(kafka.awaitOutcome(DEAD_LETTER, eventId).value());

    assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(outcome.path("reason").asText()).isEqualTo("KORE_UNAVAILABLE");
    assertThat(outcome.path("error").asText()).contains("127.0.0.2");
    assertThat(outcome.has("campaignId")).isFalse();
    assertThat(kore.campaignRequests()).as("no request got past the TLS handshake").isEmpty();
  }
}
