package io.korebridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up of the tests of the packaged service ({@code *IT}): a broker in its own process
 * ({@link KafkaBroker#ownProcess}, so that a test can kill it), the Kore simulator and a Kafka
 * client, started once for the class. Register it with {@code @RegisterExtension static final}.
 */
public final class OwnProcessStack implements BeforeAllCallback, AfterAllCallback {

  private final Path work;
  private KafkaServerProcess broker;
  private KoreSimulator kore;
  private KafkaTestClient kafka;

  /** The stack keeps the broker's data, and the tests their logs, under {@code work}. */
  public OwnProcessStack(Path work) {
    this.work = work;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    broker = KafkaBroker.ownProcess(work.resolve("kafka"));
    kore = KoreSimulator.start();
    kafka = new KafkaTestClient(broker.bootstrapServers());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kafka != null) {
      kafka.close();
    }
    if (kore != null) {
      kore.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * The environment of a packaged service on this stack's broker and simulator, reading and writing
   * the run's own topics and group (see {@link BridgeProcess#environmentFor(String, String,
   * String...)}).
   */
  public Map<String, String> bridgeEnvironment(String... topicsAndGroup) {
    return BridgeProcess.environmentFor(broker.bootstrapServers(), kore.baseUrl(), topicsAndGroup);
  }

  public Path work() {
    return work;
  }

  public KafkaServerProcess broker() {
    return broker;
  }

  public KoreSimulator kore() {
    return kore;
  }

  public KafkaTestClient kafka() {
    return kafka;
  }
}
