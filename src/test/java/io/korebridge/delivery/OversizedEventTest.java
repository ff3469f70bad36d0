package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Large requests are judged by their length and never block the dead-letter topic. */
@QuarkusTest
class OversizedEventTest extends BridgeIntegrationTest {

  private static final int LIMIT = 1024 * 1024;

  @Test
  void an_event_over_the_limit_fails_unread_with_its_location_and_the_next_one_is_created()
      throws Exception {
    String key = "oversized-" + UUID.randomUUID();
    byte[] huge = new byte[LIMIT + 1];
    Arrays.fill(huge, (byte) '{');
    String next = UUID.randomUUID().toString();

    kafka.send(REQUESTS, key, huge);
    kafka.send(REQUESTS, next, event(next, "ok"));

    kafka.awaitOutcome(RESULTS, next);
    ConsumerRecord<byte[], byte[]> failed = kafka.awaitOutcome(DEAD_LETTER, withKey(key), WAIT);
    JsonNode outcome = json.readTree(failed.value());
    assertThat(outcome.path("reason").asText()).isEqualTo("MALFORMED_EVENT");
    assertThat(outcome.path("error").asText())
        .isEqualTo(
            "event is 1048577 bytes, more than the 1048576 allowed (campaign.max-event-bytes)");
    assertThat(outcome.has("originalEventBase64")).isFalse();
    assertThat(outcome.path("originalEventLocation").asText()).startsWith(REQUESTS + "-0@");
    assertThat(failed.value().length).isLessThan(4096);
  }

  @Test
  void an_invalid_event_just_under_the_limit_is_dead_lettered_with_its_exact_bytes()
      throws Exception {
    String eventId = UUID.randomUUID().toString();
    byte[] event = event(eventId, "x".repeat(LIMIT - 2000));
    assertThat(event.length).isBetween(LIMIT - 2000, LIMIT);

    kafka.send(REQUESTS, eventId, event);

    ConsumerRecord<byte[], byte[]> failed = kafka.awaitOutcome(DEAD_LETTER, eventId);
    JsonNode outcome = json.readTree(failed.value());
    assertThat(outcome.path("reason").asText()).isEqualTo("INVALID_EVENT");
    assertThat(outcome.has("originalEvent")).as("no text copy above 64 KiB").isFalse();
    assertThat(Base64.getDecoder().decode(outcome.path("originalEventBase64").asText()))
        .isEqualTo(event);
  }

  private byte[] event(String eventId, String description) {
    return Samples.request(
        eventId, event -> Samples.campaign(event).put("description", description));
  }
}
