package io.korebridge.ops;

import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.testsupport.BridgeIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/** The requests consumer can be re-created again and again without leaking meters or threads. */
@QuarkusTest
class ConsumerRecreationTest extends BridgeIntegrationTest {

  private static final String CONSUMER_ROUTE = "consume-campaign-requests";

  @Inject CamelContext camel;
  @Inject MeterRegistry registry;

  @Test
  void twenty_consumer_re_creations_leave_thread_and_meter_counts_flat() throws Exception {
    recreateConsumer();
    awaitOneCreated();
    int threadsBefore = Thread.activeCount();
    int metersBefore = registry.getMeters().size();

    for (int i = 0; i < 20; i++) {
      recreateConsumer();
    }
    awaitOneCreated();

    assertThat(registry.getMeters().size()).as("meters").isLessThanOrEqualTo(metersBefore + 5);
    assertThat(Thread.activeCount()).as("threads").isLessThanOrEqualTo(threadsBefore + 5);
  }

  private void recreateConsumer() throws Exception {
    camel.getRouteController().stopRoute(CONSUMER_ROUTE);
    camel.getRouteController().startRoute(CONSUMER_ROUTE);
  }

  private void awaitOneCreated() {
    kafka.awaitOutcome(RESULTS, kafka.sendSample(REQUESTS, event -> {}), Duration.ofSeconds(60));
  }
}
