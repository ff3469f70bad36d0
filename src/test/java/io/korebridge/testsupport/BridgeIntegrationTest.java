package io.korebridge.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every {@code @QuarkusTest} end-to-end test: the bridge running against a real Kafka
 * broker and the Kore simulator, which starts every test with its contract stubs and an empty log.
 * Tests send with {@link KafkaTestClient#sendSample} and wait with {@link
 * KafkaTestClient#awaitOutcome}.
 */
@QuarkusTestResource(value = BridgeTestEnvironment.class, restrictToAnnotatedClass = false)
public abstract class BridgeIntegrationTest {

  protected static final Duration WAIT = KafkaTestClient.OUTCOME_WAIT;

  @BridgeTestEnvironment.Simulator protected KoreSimulator kore;
  @BridgeTestEnvironment.Kafka protected KafkaTestClient kafka;

  protected final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void resetKore() {
    kore.reset();
  }
}
