package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.EmbeddedKafka;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.Kustomize;
import io.korebridge.testsupport.SaslScramKafkaResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KEDA's KafkaUser (k8s/base/kafka-user-keda.yaml), with exactly its ACLs on a broker that enforces
 * them: enough for what the Kafka scaler asks (the group's committed offsets, the topic's end
 * offsets), not enough to read requests, write to the topic or move the group's offsets.
 */
class KedaKafkaUserTest {

  private static final Path KEDA_USER = Path.of("k8s", "base", "kafka-user-keda.yaml");
  private static final String GROUP = "kore-campaign-bridge";
  private static final TopicPartition REQUESTS =
      new TopicPartition(BridgeTestEnvironment.REQUESTS, 0);

  private static EmbeddedKafka broker;
  private static Map<String, Object> keda;

  @BeforeAll
  static void brokerWithTheBridgesGroupAndKedasUser() throws Exception {
    JsonNode user = Kustomize.documents(KEDA_USER).get(0);
    String name = user.path("metadata").path("name").asText();
    String password = "scram-" + UUID.randomUUID();
    broker = KafkaBroker.withSaslScram();
    broker.createTopics(List.of(new NewTopic(REQUESTS.topic(), 1, (short) 1)));
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      admin.createAcls(SaslScramKafkaResource.aclsOf(user, "User:" + name)).all().get();
    }
    Map<String, Object> superUser = new HashMap<>(broker.adminClientProperties());
    try (KafkaProducer<byte[], byte[]> producer = producer(superUser)) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(REQUESTS.topic(), bytes("request-" + i))).get();
      }
    }
    try (Admin admin = Admin.create(superUser)) {
      // The bridge's group has committed 2 of the 5 records: a lag of 3.
      admin
          .alterConsumerGroupOffsets(GROUP, Map.of(REQUESTS, new OffsetAndMetadata(2)))
          .all()
          .get();
    }
    broker.addScramUser(name, password);
    keda = broker.scramClientProperties(name, password);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void it_can_compute_the_groups_lag_as_the_kafka_scaler_does() throws Exception {
    try (Admin admin = admin()) {
      assertThat(admin.describeTopics(List.of(REQUESTS.topic())).allTopicNames().get())
          .containsKey(REQUESTS.topic());
      assertThat(admin.describeConsumerGroups(List.of(GROUP)).all().get()).containsKey(GROUP);
      long committed =
          admin
              .listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata()
              .get()
              .get(REQUESTS)
              .offset();
      long end =
          admin
              .listOffsets(Map.of(REQUESTS, OffsetSpec.latest()))
              .all()
              .get()
              .get(REQUESTS)
              .offset();
      assertThat(end - committed).isEqualTo(3);
    }
  }

  @Test
  void it_cannot_read_requests_write_to_the_topic_or_move_the_groups_offsets() {
    Map<String, Object> consumerProps = new HashMap<>(keda);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
      consumer.assign(List.of(REQUESTS));
      consumer.seek(REQUESTS, 0);
      assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
          .isInstanceOf(AuthorizationException.class);
    }
    try (KafkaProducer<byte[], byte[]> producer = producer(keda)) {
      assertThatThrownBy(
              () -> producer.send(new ProducerRecord<>(REQUESTS.topic(), bytes("forged"))).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(AuthorizationException.class);
    }
    try (Admin admin = admin()) {
      assertThatThrownBy(
              () ->
                  admin
                      .alterConsumerGroupOffsets(GROUP, Map.of(REQUESTS, new OffsetAndMetadata(5)))
                      .all()
                      .get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(AuthorizationException.class);
    }
  }

  private static Admin admin() {
    Map<String, Object> adminProps = new HashMap<>(keda);
    adminProps.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    adminProps.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    return Admin.create(adminProps);
  }

  private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> props) {
    Map<String, Object> producerProps = new HashMap<>(props);
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return new KafkaProducer<>(producerProps);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
