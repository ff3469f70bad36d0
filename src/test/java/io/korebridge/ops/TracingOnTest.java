package io.korebridge.ops;

import static io.korebridge.ops.TraceContextTest.TRACEPARENT;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.header;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** With tracing on, the bridge's own spans join the CRM's trace and are exported over OTLP. */
@QuarkusTest
@TestProfile(TracingOnProfile.class)
class TracingOnTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TRACE_ID = TRACEPARENT.split("-")[1];
  private static final String CRM_SPAN_ID = TRACEPARENT.split("-")[2];

  @BridgeTestEnvironment.Simulator KoreSimulator kore;
  @BridgeTestEnvironment.Kafka KafkaTestClient kafka;

  @Test
  void kore_call_and_outcome_carry_child_spans_of_the_request_trace_and_spans_are_exported()
      throws Exception {
    kore.reset();
    String eventId = UUID.randomUUID().toString();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            REQUESTS,
            null,
            eventId.getBytes(StandardCharsets.UTF_8),
            Samples.request(eventId, event -> {}));
    record.headers().add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
    kafka.send(record);

    List<ConsumerRecord<byte[], byte[]>> results =
        kafka.await(RESULTS, withEventId(eventId), 1, WAIT);
    assertThat(results).hasSize(1);
    String toKore = kore.campaignRequests().get(0).getHeader("traceparent");
    assertThat(toKore.split("-")[1]).isEqualTo(TRACE_ID);
    assertThat(toKore.split("-")[2]).as("a span of the bridge").isNotEqualTo(CRM_SPAN_ID);
    String onOutcome = header(results.get(0), "traceparent");
    assertThat(onOutcome.split("-")[1]).isEqualTo(TRACE_ID);
    await().atMost(WAIT).until(() -> !kore.requestsTo("/v1/traces").isEmpty());
  }
}
