package io.korebridge.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for tests and local runs: the one named by {@code KAFKA_BOOTSTRAP_SERVERS},
 * else a Testcontainers broker where Docker runs, else an in-process KRaft broker.
 */
public interface KafkaBroker extends AutoCloseable {

  String TESTCONTAINERS_IMAGE = "apache/kafka-native:3.9.1";

  String bootstrapServers();

  @Override
  void close();

  static KafkaBroker start() {
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (external != null && !external.isBlank()) {
      return new KafkaBroker() {
        @Override
        public String bootstrapServers() {
          return external;
        }

        @Override
        public void close() {}
      };
    }
    if (dockerAvailable()) {
      KafkaContainer container = new KafkaContainer(TESTCONTAINERS_IMAGE);
      container.start();
      return new KafkaBroker() {
        @Override
        public String bootstrapServers() {
          return container.getBootstrapServers();
        }

        @Override
        public void close() {
          container.stop();
        }
      };
    }
    return EmbeddedKafka.start();
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
