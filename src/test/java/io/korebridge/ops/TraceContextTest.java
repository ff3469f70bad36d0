package io.korebridge.ops;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.header;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With tracing off (the default) the CRM's W3C trace context reaches Kore and the outcome. */
@QuarkusTest
@QuarkusTestResource(value = BridgeTestEnvironment.class, restrictToAnnotatedClass = false)
class TraceContextTest {

  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  static final String TRACESTATE = "crm=00f067aa0ba902b7";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @BridgeTestEnvironment.Simulator KoreSimulator kore;
  @BridgeTestEnvironment.Kafka KafkaTestClient kafka;

  @BeforeEach
  void resetKore() {
    kore.reset();
  }

  @Test
  void traceparent_of_the_request_reaches_the_kore_call_and_the_created_outcome() throws Exception {
    String eventId = sendTraced();

    List<ConsumerRecord<byte[], byte[]>> results =
        kafka.await(RESULTS, withEventId(eventId), 1, WAIT);
    assertThat(results).hasSize(1);
    LoggedRequest call = kore.campaignRequests().get(0);
    assertThat(call.getHeader("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(call.getHeader("tracestate")).isEqualTo(TRACESTATE);
    assertThat(header(results.get(0), "traceparent")).isEqualTo(TRACEPARENT);
    assertThat(header(results.get(0), "tracestate")).isEqualTo(TRACESTATE);
    assertThat(results.get(0).headers())
        .extracting(h -> h.key().toLowerCase())
        .filteredOn(key -> !key.startsWith("ce_") && !key.equals("content-type"))
        .containsOnly("eventid", "outcome", "traceparent", "tracestate");
  }

  @Test
  void traceparent_of_the_request_reaches_the_failed_outcome() throws Exception {
    kore.answerWith(400, "{\"status\":\"failure\"}");
    String eventId = sendTraced();

    List<ConsumerRecord<byte[], byte[]>> failed =
        kafka.await(DEAD_LETTER, withEventId(eventId), 1, WAIT);
    assertThat(failed).hasSize(1);
    assertThat(header(failed.get(0), "traceparent")).isEqualTo(TRACEPARENT);
  }

  @Test
  void an_invalid_traceparent_is_dropped_and_its_tracestate_with_it() throws Exception {
    String eventId = sendTraced(TRACEPARENT.toUpperCase(), TRACESTATE);

    List<ConsumerRecord<byte[], byte[]>> results =
        kafka.await(RESULTS, withEventId(eventId), 1, WAIT);
    assertThat(results).hasSize(1);
    LoggedRequest call = kore.campaignRequests().get(0);
    assertThat(call.containsHeader("traceparent")).isFalse();
    assertThat(call.containsHeader("tracestate")).isFalse();
    assertThat(header(results.get(0), "traceparent")).isNull();
    assertThat(header(results.get(0), "tracestate")).isNull();
  }

  @Test
  void a_malformed_tracestate_is_dropped_and_the_valid_traceparent_kept() throws Exception {
    String eventId = sendTraced(TRACEPARENT, "crm=1,not a member");

    List<ConsumerRecord<byte[], byte[]>> results =
        kafka.await(RESULTS, withEventId(eventId), 1, WAIT);
    assertThat(results).hasSize(1);
    LoggedRequest call = kore.campaignRequests().get(0);
    assertThat(call.getHeader("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(call.containsHeader("tracestate")).isFalse();
  }

  private String sendTraced() throws Exception {
    return sendTraced(TRACEPARENT, TRACESTATE);
  }

  private String sendTraced(String traceparent, String tracestate) throws Exception {
    String eventId = UUID.randomUUID().toString();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            REQUESTS,
            null,
            eventId.getBytes(StandardCharsets.UTF_8),
            Samples.request(eventId, event -> {}));
    record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    record.headers().add("tracestate", tracestate.getBytes(StandardCharsets.UTF_8));
    kafka.send(record);
    return eventId;
  }
}
