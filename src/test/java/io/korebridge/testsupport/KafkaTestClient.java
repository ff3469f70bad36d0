package io.korebridge.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
 * Plain Kafka clients, as a CRM and an operations team would use them, for tests and local runs;
 * and the tests' one way to send a sample request ({@link #sendSample}) and to wait for outcomes
 * ({@link #awaitOutcome}, {@link #awaitOutcomes}).
 */
public final class KafkaTestClient implements AutoCloseable {

  /** How long a test waits for an outcome unless it says otherwise. */
  public static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

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

  /**
   * Sends the seed sample request ({@link Samples#request}) with a fresh event id, also its key,
   * changed by {@code change}, to {@code topic}; returns the event id.
   */
  public String sendSample(String topic, Consumer<ObjectNode> change) {
    return sendSample(topic, change, Map.of());
  }

  /** {@link #sendSample(String, Consumer)} with these record headers. */
  public String sendSample(String topic, Consumer<ObjectNode> change, Map<String, String> headers) {
    String eventId = UUID.randomUUID().toString();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, eventId.getBytes(StandardCharsets.UTF_8), Samples.request(eventId, change));
    headers.forEach((name, value) -> record.headers().add(name, value.getBytes(UTF_8)));
    send(record);
    return eventId;
  }

  /** The outcome of {@code eventId} on {@code topic}, asserting that it arrives in time. */
  public ConsumerRecord<byte[], byte[]> awaitOutcome(String topic, String eventId) {
    return awaitOutcome(topic, eventId, OUTCOME_WAIT);
  }

  public ConsumerRecord<byte[], byte[]> awaitOutcome(
      String topic, String eventId, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> found = await(topic, withEventId(eventId), 1, timeout);
    assertThat(found).as("outcome of %s on %s", eventId, topic).hasSize(1);
    return found.get(0);
  }

  /** The one outcome on {@code topic} that matches, asserting that it arrives in time. */
  public ConsumerRecord<byte[], byte[]> awaitOutcome(
      String topic, Predicate<ConsumerRecord<byte[], byte[]>> match, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> found = await(topic, match, 1, timeout);
    assertThat(found).as("outcome on %s", topic).hasSize(1);
    return found.get(0);
  }

  /**
   * The outcomes of {@code eventIds} on {@code topic}, read until there is one for each (or the
   * timeout); the caller asserts what it expects of them.
   */
  public List<ConsumerRecord<byte[], byte[]>> awaitOutcomes(
      String topic, Collection<String> eventIds, Duration timeout) {
    return await(topic, withEventIdIn(eventIds), Set.copyOf(eventIds).size(), timeout);
  }

  /** An outcome's (or any JSON record's) value. */
  public static JsonNode jsonOf(ConsumerRecord<byte[], byte[]> record) {
    try {
      return JSON.readTree(record.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  public static Predicate<ConsumerRecord<byte[], byte[]>> withKey(String key) {
    return record ->
        record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8));
  }

  public static Predicate<ConsumerRecord<byte[], byte[]>> withEventIdIn(
      Collection<String> eventIds) {
    Set<String> ids = Set.copyOf(eventIds);
    return record -> ids.contains(header(record, "eventId"));
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
