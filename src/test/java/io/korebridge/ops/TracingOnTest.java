package io.korebridge.ops;

import static io.korebridge.ops.TraceContextTest.TRACEPARENT;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.korebridge.testsupport.BridgeIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** With tracing on, the bridge's own spans join the CRM's trace and are exported over OTLP. */
@QuarkusTest
@TestProfile(TracingOnProfile.class)
class TracingOnTest extends BridgeIntegrationTest {

  private static final String TRACE_ID = TRACEPARENT.split("-")[1];
  private static final String CRM_SPAN_ID = TRACEPARENT.split("-")[2];

  @Test
  void kore_call_and_outcome_carry_child_spans_of_the_request_trace_and_spans_are_exported()
      throws Exception {
    String eventId = kafka.sendSample(REQUESTS, event -> {}, Map.of("traceparent", TRACEPARENT));

    ConsumerRecord<byte[], byte[]> result = kafka.awaitOutcome(RESULTS, eventId);
    String toKore = kore.campaignRequests().get(0).getHeader("traceparent");
    assertThat(toKore.split("-")[1]).isEqualTo(TRACE_ID);
    assertThat(toKore.split("-")[2]).as("a span of the bridge").isNotEqualTo(CRM_SPAN_ID);
    String onOutcome = header(result, "traceparent");
    assertThat(onOutcome.split("-")[1]).isEqualTo(TRACE_ID);
    await().atMost(WAIT).until(() -> !kore.requestsTo("/v1/traces").isEmpty());
  }
}
