package io.korebridge.delivery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.outcome.CampaignCreated;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which events already became campaigns, kept in a compacted Kafka topic keyed by tenant and event
 * id, so it survives restarts and every replica sees the others' entries.
 *
 * <p>Hand-written because Camel's KafkaIdempotentRepository stores only that a key was seen, while
 * a duplicate's outcome must repeat the original campaign id.
 */
@ApplicationScoped
public class CampaignLedger {

  private static final Logger LOG = Logger.getLogger(CampaignLedger.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);

  private final CamelContext camel;
  private final String topic;
  private final Duration loadTimeout;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Map<String, CampaignCreated> created = new ConcurrentHashMap<>();
  private final CountDownLatch loaded = new CountDownLatch(1);

  private volatile KafkaProducer<String, byte[]> producer;
  private volatile KafkaConsumer<String, byte[]> follower;
  private volatile boolean closed;

  public CampaignLedger(
      CamelContext camel,
      @ConfigProperty(name = "campaign.topics.idempotency") String topic,
      @ConfigProperty(name = "campaign.idempotency.load-timeout-ms") long loadTimeoutMs) {
    this.camel = camel;
    this.topic = topic;
    this.loadTimeout = Duration.ofMillis(loadTimeoutMs);
  }

  /** The CREATED outcome this event already had, if any. */
  public Optional<CampaignCreated> find(String tenant, String eventId) {
    awaitLoaded();
    return Optional.ofNullable(created.get(key(tenant, eventId)));
  }

  /** Records a created campaign; returns once Kafka has acknowledged it (acks=all). */
  public void remember(CampaignCreated outcome) {
    awaitLoaded();
    String key = key(outcome.tenant(), outcome.eventId());
    try {
      producer.send(new ProducerRecord<>(topic, key, json.writeValueAsBytes(outcome))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording " + key, e);
    } catch (ExecutionException | IOException e) {
      // A Kafka failure: left unhandled by the route, so the request is delivered again.
      throw new KafkaException("could not record created campaign " + key, e);
    }
    created.put(key, outcome);
  }

  private void awaitLoaded() {
    startOnce();
    try {
      if (!loaded.await(loadTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            "idempotency topic " + topic + " not loaded within " + loadTimeout.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading " + topic, e);
    }
  }

  private synchronized void startOnce() {
    if (producer != null) {
      return;
    }
    // Same brokers and security settings as the pipeline's own Kafka endpoints.
    KafkaConfiguration kafka = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
    createTopicIfMissing(clientProperties(kafka.createProducerProperties(), kafka));
    Properties producerProps = clientProperties(kafka.createProducerProperties(), kafka);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(producerProps);

    Properties consumerProps = clientProperties(kafka.createConsumerProperties(), kafka);
    // Assigned partitions, no group: reading the ledger needs no group ACL and commits nothing.
    consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumerProps.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerProps.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    follower = new KafkaConsumer<>(consumerProps);
    Thread thread = new Thread(this::follow, "campaign-ledger");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Reads the topic from the beginning, then keeps following what other replicas add; starts over
   * after a Kafka error, so a broker hiccup at start-up does not leave the ledger unread.
   */
  private void follow() {
    try {
      while (!closed) {
        try {
          followOnce();
        } catch (WakeupException stopping) {
          throw stopping;
        } catch (RuntimeException e) {
          LOG.warnf(
              "Reading idempotency topic %s failed, starting over: %s", topic, e.getMessage());
          Thread.sleep(RETRY_AFTER_ERROR.toMillis());
        }
      }
    } catch (WakeupException | InterruptedException stopping) {
      // close() woke us up
    } finally {
      follower.close();
    }
  }

  private void followOnce() {
    List<TopicPartition> partitions =
        follower.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    follower.assign(partitions);
    follower.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = follower.endOffsets(partitions);
    while (!closed) {
      for (ConsumerRecord<String, byte[]> record : follower.poll(POLL)) {
        apply(record);
      }
      if (loaded.getCount() > 0
          && end.entrySet().stream().allMatch(e -> follower.position(e.getKey()) >= e.getValue())) {
        LOG.infof("Idempotency topic %s loaded: %d created campaigns", topic, created.size());
        loaded.countDown();
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      created.remove(record.key());
      return;
    }
    try {
      created.put(record.key(), json.readValue(record.value(), CampaignCreated.class));
    } catch (IOException e) {
      LOG.warnf("Ignoring unreadable idempotency record %s: %s", record.key(), e.getMessage());
    }
  }

  private void createTopicIfMissing(Properties clientProps) {
    try (Admin admin = Admin.create(clientProps)) {
      if (admin.listTopics().names().get().contains(topic)) {
        return;
      }
      NewTopic compacted =
          new NewTopic(topic, Optional.empty(), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(compacted)).all().get();
      LOG.infof("Created compacted idempotency topic %s", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        LOG.warnf("Could not create idempotency topic %s: %s", topic, e.getCause().getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Properties clientProperties(Properties props, KafkaConfiguration kafka) {
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
    return props;
  }

  static String key(String tenant, String eventId) {
    return tenant + "/" + eventId;
  }

  @PreDestroy
  void close() {
    closed = true;
    if (follower != null) {
      follower.wakeup();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
