package io.korebridge.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain Kafka clients, as a CRM and an operations team would use them, for tests and local runs.
 */
public final class KafkaTestClient implements AutoCloseable {

  private final String bootstrapServers;
  private final Map<String, Object> clientProperties;
  private final KafkaProducer<byte[], byte[]> producer;

  public KafkaTestClient(String bootstrapServers) {
    this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** A client with these connection properties (address, security) for both directions. */
  public KafkaTestClient(Map<String, Object> clientProperties) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.bootstrapServers = (String) clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    this.producer = new KafkaProducer<>(props);
  }

  public void send(String topic, String key, byte[] value) {
    send(
        new ProducerRecord<>(
            topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
  }

  public void send(ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish to " + record.topic(), e.getCause());
    }
  }

  /** Reads {@code topic} from the beginning until {@code count} records match, or the timeout. */
  public List<ConsumerRecord<byte[], byte[]>> await(
      String topic, Predicate<ConsumerRecord<byte[], byte[]>> match, int count, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer()) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (found.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (match.test(record)) {
            found.add(record);
          }
        }
      }
    }
    return found;
  }

  /** Everything on {@code topic} that matches, read until the topic has been idle for a while. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(
      String topic, Predicate<ConsumerRecord<byte[], byte[]>> match, Duration idle) {
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer()) {
      consumer.subscribe(List.of(topic));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < idle.toNanos()) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          quietSince = System.nanoTime();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (match.test(record)) {
            found.add(record);
          }
        }
      }
    }
    return found;
  }

  /**
   * Everything on {@code topic} up to its end offsets at the time of the call, without a consumer
   * group: exact, and not subject to an idle timeout.
   */
  public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
            found.add(record);
          }
        }
      }
    }
    return found;
  }

  /**
   * Follows {@code topics} from their beginning with one consumer, handing every record to {@code
   * sink}, until {@code done} holds. Returns false if it did not within {@code timeout}.
   */
  public boolean follow(
      List<String> topics,
      Consumer<ConsumerRecord<byte[], byte[]>> sink,
      BooleanSupplier done,
      Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        consumer.poll(Duration.ofMillis(250)).forEach(sink);
      }
      return true;
    }
  }

  public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  public static Predicate<ConsumerRecord<byte[], byte[]>> withEventId(String eventId) {
    return record -> eventId.equals(header(record, "eventId"));
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    Map<String, Object> props = new java.util.HashMap<>(clientProperties);
    props.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName()));
    return new KafkaConsumer<>(props);
  }

  @Override
  public void close() {
    producer.close();
  }
}
