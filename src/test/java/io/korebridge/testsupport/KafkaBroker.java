package io.korebridge.testsupport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for tests and local runs, and the one place that decides which: {@link
 * #start()} takes the one named by {@code KAFKA_BOOTSTRAP_SERVERS}, else a Testcontainers broker
 * where Docker answers, else an in-process KRaft broker ({@link EmbeddedKafka}). Tests that need a
 * broker they can break ask for one of its two variants: {@link #ownProcess} (its own JVM, to kill
 * and restart on the same port and data) and {@link #withSaslScram} (in-process, SASL and ACLs).
 */
public interface KafkaBroker extends AutoCloseable {

  String TESTCONTAINERS_IMAGE = "apache/kafka-native:3.9.1";

  /** Room for oversized requests and their dead letters, as the k8s topics are configured. */
  Map<String, String> ROOM_FOR_OVERSIZED =
      Map.of("max.message.bytes", Integer.toString(4 * 1024 * 1024));

  String bootstrapServers();

  /** Client properties that may administer the broker (create topics, ACLs). */
  default Map<String, Object> adminClientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  /** Creates {@code topics}, one partition each, with {@link #ROOM_FOR_OVERSIZED}. */
  default void createTopics(String... topics) {
    createTopics(1, topics);
  }

  /**
   * Creates {@code topics}, {@code partitions} partitions each, with {@link #ROOM_FOR_OVERSIZED}.
   */
  default void createTopics(int partitions, String... topics) {
    createTopics(partitions, ROOM_FOR_OVERSIZED, topics);
  }

  /** Creates {@code topics} with {@code partitions} partitions each and these topic configs. */
  default void createTopics(int partitions, Map<String, String> configs, String... topics) {
    createTopics(
        List.of(topics).stream()
            .map(name -> new NewTopic(name, partitions, (short) 1).configs(configs))
            .toList());
  }

  default void createTopics(List<NewTopic> topics) {
    try (Admin admin = Admin.create(adminClientProperties())) {
      admin.createTopics(topics).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not create topics " + topics.stream().map(NewTopic::name).toList(), e);
    }
  }

  @Override
  void close();

  /** The broker for tests and local runs (see the class comment for which one). */
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
    return EmbeddedKafka.start(false);
  }

  /**
   * A broker in its own JVM with its data under {@code workDir} (formatted afresh), which a test
   * can kill and start again as the same broker: for the crash tests and the benchmark.
   */
  static KafkaServerProcess ownProcess(Path workDir) {
    return KafkaServerProcess.start(workDir);
  }

  /**
   * An in-process broker whose only client listener requires SASL (SCRAM-SHA-512 or PLAIN) with ACL
   * authorization on: a client needs credentials ({@link EmbeddedKafka#addScramUser}) and ACLs.
   */
  static EmbeddedKafka withSaslScram() {
    return EmbeddedKafka.start(true);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
