package io.korebridge.ops;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** With tracing off (the default) the CRM's W3C trace context reaches Kore and the outcome. */
@QuarkusTest
class TraceContextTest extends BridgeIntegrationTest {

  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  static final String TRACESTATE = "crm=00f067aa0ba902b7";

  @Test
  void traceparent_of_the_request_reaches_the_kore_call_and_the_created_outcome() throws Exception {
    String eventId = sendTraced();

    ConsumerRecord<byte[], byte[]> result = kafka.awaitOutcome(RESULTS, eventId);
    LoggedRequest call = kore.campaignRequests().get(0);
    assertThat(call.getHeader("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(call.getHeader("tracestate")).isEqualTo(TRACESTATE);
    assertThat(header(result, "traceparent")).isEqualTo(TRACEPARENT);
    assertThat(header(result, "tracestate")).isEqualTo(TRACESTATE);
    assertThat(result.headers())
        .extracting(h -> h.key().toLowerCase())
        .filteredOn(key -> !key.startsWith("ce_") && !key.equals("content-type"))
        .containsOnly("eventid", "outcome", "traceparent", "tracestate");
  }

  @Test
  void traceparent_of_the_request_reaches_the_failed_outcome() throws Exception {
    kore.answerWith(400, "{\"status\":\"failure\"}");
    String eventId = sendTraced();

    ConsumerRecord<byte[], byte[]> failed = kafka.awaitOutcome(DEAD_LETTER, eventId);
    assertThat(header(failed, "traceparent")).isEqualTo(TRACEPARENT);
  }

  @Test
  void an_invalid_traceparent_is_dropped_and_its_tracestate_with_it() throws Exception {
    String eventId = sendTraced(TRACEPARENT.toUpperCase(), TRACESTATE);

    ConsumerRecord<byte[], byte[]> result = kafka.awaitOutcome(RESULTS, eventId);
    LoggedRequest call = kore.campaignRequests().get(0);
    assertThat(call.containsHeader("traceparent")).isFalse();
    assertThat(call.containsHeader("tracestate")).isFalse();
    assertThat(header(result, "traceparent")).isNull();
    assertThat(header(result, "tracestate")).isNull();
  }

  @Test
  void a_malformed_tracestate_is_dropped_and_the_valid_traceparent_kept() throws Exception {
    String eventId = sendTraced(TRACEPARENT, "crm=1,not a member");

    ConsumerRecord<byte[], byte[]> result = kafka.awaitOutcome(RESULTS, eventId);
    LoggedRequest call = kore.campaignRequests().get(0);
    assertThat(call.getHeader("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(call.containsHeader("tracestate")).isFalse();
  }

  private String sendTraced() {
    return sendTraced(TRACEPARENT, TRACESTATE);
  }

  private String sendTraced(String traceparent, String tracestate) {
    return kafka.sendSample(
        REQUESTS, event -> {}, Map.of("traceparent", traceparent, "tracestate", tracestate));
  }
}
