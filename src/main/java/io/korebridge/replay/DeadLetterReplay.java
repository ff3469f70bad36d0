package io.korebridge.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.outcome.SafeText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads the dead-letter topic from its beginning up to the end offsets it had when the run started,
 * and re-publishes the original request of every matching FAILED outcome to the topic it came from
 * (so to the tenants bound there, never to another CRM's topic), when that is a requests topic:
 * same key, same bytes, the original headers when the dead letter kept them, plus a {@value
 * #REPLAYED_FROM_HEADER} header naming the dead letter. Event-supplied text is printed through
 * {@link SafeText#forTerminal}.
 */
public final class DeadLetterReplay {

  public static final String REPLAYED_FROM_HEADER = "replayed-from";
  private static final Duration POLL = Duration.ofMillis(500);
  // Parser messages quote the record's content, so they are escaped too, with room to be useful.
  private static final int MAX_MESSAGE_CHARS = 300;

  private final Map<String, Object> clientProperties;
  private final String deadLetterTopic;
  private final Set<String> requestsTopics;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param clientProperties Kafka client settings shared by the reader and the publisher ({@code
   *     bootstrap.servers}, security settings)
   * @param requestsTopics the topics a request may be sent back to: each goes to the one it came
   *     from, and one from any other topic is skipped
   */
  public DeadLetterReplay(
      Map<String, Object> clientProperties, String deadLetterTopic, Set<String> requestsTopics) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.deadLetterTopic = deadLetterTopic;
    this.requestsTopics = Set.copyOf(requestsTopics);
  }

  /**
   * What a run found and did; {@code leftOut} counts the {@link DeadLetterFilter#ONLY_BY_NAME}
   * letters not asked for by name.
   */
  public record Summary(int read, int unreadable, int matched, int replayed, int leftOut) {}

  /**
   * Replays the dead letters {@code filter} accepts; with {@code dryRun} only reports them. One
   * line per matching dead letter goes to {@code report}.
   */
  public Summary run(DeadLetterFilter filter, boolean dryRun, PrintStream report)
      throws InterruptedException, ExecutionException {
    List<DeadLetter> matching = new ArrayList<>();
    int read = 0;
    int unreadable = 0;
    int leftOut = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (!reached(consumer, end)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
            continue;
          }
          read++;
          DeadLetter letter;
          try {
            letter = DeadLetter.read(record, json);
          } catch (IOException e) {
            unreadable++;
            report.println(
                "SKIPPED  "
                    + record.topic()
                    + "-"
                    + record.partition()
                    + "@"
                    + record.offset()
                    + "  unreadable: "
                    + SafeText.forTerminal(e.getMessage(), MAX_MESSAGE_CHARS));
            continue;
          }
          if (!filter.matchesCriteria(letter)) {
            continue;
          }
          if (filter.leavesOut(letter)) {
            leftOut++;
            continue;
          }
          if (!letter.hasOriginalEvent()) {
            unreadable++;
            report.println("SKIPPED  " + describe(letter) + "  no originalEventBase64");
            continue;
          }
          if (letter.originTopic() == null || !requestsTopics.contains(letter.originTopic())) {
            unreadable++;
            report.println(
                "SKIPPED  "
                    + describe(letter)
                    + "  came from "
                    + (letter.originTopic() == null
                        ? "an unknown topic"
                        : SafeText.forTerminal(letter.originTopic()))
                    + ", not one of the requests topics "
                    + new TreeSet<>(requestsTopics));
            continue;
          }
          matching.add(letter);
        }
      }
    }
    if (dryRun) {
      matching.forEach(letter -> report.println("DRY RUN  " + describe(letter)));
      return new Summary(read, unreadable, matching.size(), 0, leftOut);
    }
    return new Summary(read, unreadable, matching.size(), publish(matching, report), leftOut);
  }

  private int publish(List<DeadLetter> letters, PrintStream report)
      throws InterruptedException, ExecutionException {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (DeadLetter letter : letters) {
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(letter.originTopic(), letter.key(), letter.originalEvent());
        for (DeadLetter.OriginalHeader header : letter.originalHeaders()) {
          // A request replayed before carries the old dead letter's location: one, current, only.
          if (!REPLAYED_FROM_HEADER.equals(header.name())) {
            record.headers().add(header.name(), header.value());
          }
        }
        record
            .headers()
            .add(REPLAYED_FROM_HEADER, letter.location().getBytes(StandardCharsets.UTF_8));
        sent.add(producer.send(record));
      }
      producer.flush();
      for (int i = 0; i < letters.size(); i++) {
        RecordMetadata metadata = sent.get(i).get();
        report.println(
            "REPLAYED "
                + describe(letters.get(i))
                + "  -> "
                + metadata.topic()
                + "-"
                + metadata.partition()
                + "@"
                + metadata.offset());
      }
      return letters.size();
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(deadLetterTopic);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("topic " + deadLetterTopic + " does not exist");
    }
    return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream()
        .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
  }

  private static String describe(DeadLetter letter) {
    return letter.location()
        + "  eventId="
        + SafeText.forTerminal(letter.eventId())
        + " reason="
        + SafeText.forTerminal(letter.reason())
        + " tenant="
        + SafeText.forTerminal(letter.tenant())
        + (letter.originalHeadersTruncated()
            ? "  (original headers truncated in the dead letter: "
                + letter.originalHeaders().size()
                + " kept)"
            : "");
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> props = new HashMap<>(clientProperties);
    // No group: the replay never commits offsets and never disturbs the bridge's consumer group.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  private Map<String, Object> producerProperties() {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }
}
