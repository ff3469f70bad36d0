package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.outcome.CampaignCreated;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.Samples;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger against a real broker: loading, following, writing, expiry, shutdown. */
class CampaignLedgerKafkaTest {

  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration LOADED = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KafkaBroker broker;
  private final List<CampaignLedger> ledgers = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void closeLedgers() {
    ledgers.forEach(CampaignLedger::close);
  }

  @Test
  void a_missing_topic_is_created_compact_and_delete_with_the_retention() throws Exception {
    String topic = freshTopic();
    CampaignLedger ledger = started(topic);

    awaitAvailable(ledger);

    try (Admin admin =
        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers()))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
      assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(RETENTION.toMillis()));
    }
  }

  @Test
  void a_remembered_campaign_is_found_by_another_replica_loading_the_topic() throws Exception {
    String topic = freshTopic();
    CampaignLedger first = started(topic);
    awaitAvailable(first);
    CampaignCreated outcome = created("acme", "event-" + UUID.randomUUID(), "cd-1");

    first.rememberAsync(outcome).get();

    assertThat(first.find("acme", outcome.eventId())).isPresent();
    CampaignLedger second = started(topic);
    awaitAvailable(second);
    assertThat(second.find("acme", outcome.eventId()).orElseThrow().campaignId()).isEqualTo("cd-1");
    assertThat(recordKeys(topic)).containsExactly("4:acme/" + outcome.eventId());
  }

  @Test
  void an_intent_is_found_by_another_replica_until_its_result_is_recorded() throws Exception {
    String topic = freshTopic();
    CampaignLedger first = started(topic);
    awaitAvailable(first);
    String eventId = "event-" + UUID.randomUUID();
    Instant at = Instant.parse("2026-12-01T12:00:00Z");
    CallIntent intent = new CallIntent("acme", eventId, "Spring sale", 2, at.minusSeconds(9), at);

    first.recordIntentAsync(intent).get();

    assertThat(first.findIntent("acme", eventId)).contains(intent);
    CampaignLedger second = started(topic);
    awaitAvailable(second);
    assertThat(second.findIntent("acme", eventId)).contains(intent);
    assertThat(second.find("acme", eventId)).as("an intent is no result").isEmpty();

    first.rememberAsync(created("acme", eventId, "cd-9")).get();
    await().atMost(Duration.ofSeconds(10)).until(() -> second.find("acme", eventId).isPresent());
    assertThat(second.findIntent("acme", eventId)).isEmpty();
    CampaignLedger third = started(topic);
    awaitAvailable(third);
    assertThat(third.findIntent("acme", eventId)).isEmpty();
    assertThat(third.find("acme", eventId).orElseThrow().campaignId()).isEqualTo("cd-9");
    assertThat(recordKeys(topic)).containsOnly("4:acme/" + eventId).hasSize(2);
  }

  @Test
  void a_replica_already_following_sees_what_another_one_remembers() throws Exception {
    String topic = freshTopic();
    CampaignLedger first = started(topic);
    CampaignLedger second = started(topic);
    awaitAvailable(first);
    awaitAvailable(second);

    first.rememberAsync(created("acme", "e-follow", "cd-2")).get();

    await().atMost(Duration.ofSeconds(10)).until(() -> second.find("acme", "e-follow").isPresent());
  }

  @Test
  void records_written_with_the_old_key_are_honoured_by_their_value() throws Exception {
    String topic = freshTopic();
    createTopic(topic);
    // The old key was tenant + "/" + eventId: both of these records had the key "a/b/c".
    writeRaw(topic, "a/b/c", created("a/b", "c", "cd-first"), System.currentTimeMillis());
    writeRaw(topic, "a/b/c", created("a", "b/c", "cd-second"), System.currentTimeMillis());

    CampaignLedger ledger = started(topic);
    awaitAvailable(ledger);

    assertThat(ledger.find("a/b", "c").orElseThrow().campaignId()).isEqualTo("cd-first");
    assertThat(ledger.find("a", "b/c").orElseThrow().campaignId()).isEqualTo("cd-second");
  }

  @Test
  void records_older_than_the_retention_are_ignored_on_load() throws Exception {
    String topic = freshTopic();
    createTopic(topic);
    long now = System.currentTimeMillis();
    writeRaw(
        topic, "4:acme/old", created("acme", "old", "cd-old"), now - RETENTION.toMillis() - 60_000);
    writeRaw(
        topic, "4:acme/new", created("acme", "new", "cd-new"), now - RETENTION.toMillis() + 60_000);

    CampaignLedger ledger = started(topic);
    awaitAvailable(ledger);

    assertThat(ledger.find("acme", "old")).isEmpty();
    assertThat(ledger.find("acme", "new")).isPresent();
    assertThat(ledger.status().entries()).isEqualTo(1);
  }

  @Test
  void a_tombstone_with_the_new_key_forgets_the_entry() throws Exception {
    String topic = freshTopic();
    createTopic(topic);
    writeRaw(topic, "4:acme/gone", created("acme", "gone", "cd-gone"), System.currentTimeMillis());
    writeRaw(topic, "4:acme/gone", null, System.currentTimeMillis());

    CampaignLedger ledger = started(topic);
    awaitAvailable(ledger);

    assertThat(ledger.find("acme", "gone")).isEmpty();
  }

  @Test
  void remember_async_completes_exceptionally_when_kafka_refuses_the_record() {
    String topic = freshTopic();
    CampaignLedger ledger = started(topic);
    awaitAvailable(ledger);
    CampaignCreated tooLarge =
        new CampaignCreated(
            "big",
            "acme",
            "cd-big",
            "x".repeat(2 * 1024 * 1024),
            null,
            null,
            null,
            1,
            false,
            null,
            null);

    assertThatThrownBy(() -> ledger.rememberAsync(tooLarge).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RecordTooLargeException.class);
    assertThat(ledger.find("acme", "big")).isEmpty();
  }

  @Test
  void while_kafka_cannot_be_reached_find_fails_fast_with_ledger_unavailable() {
    CampaignLedger ledger =
        track(
            new CampaignLedger(
                () -> clientProperties("localhost:1"),
                freshTopic(),
                RETENTION,
                100,
                Duration.ofMillis(200),
                Clock.systemUTC()));
    ledger.start();

    long started = System.nanoTime();
    assertThatThrownBy(() -> ledger.find("acme", "e-1"))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessageContaining("idempotency topic");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(ledger.status().available()).isFalse();
  }

  @Test
  void closing_the_ledger_ends_its_thread_and_kafka_clients() {
    long before = ledgerThreads();
    CampaignLedger ledger = started(freshTopic());
    awaitAvailable(ledger);
    assertThat(ledgerThreads()).isGreaterThan(before);

    ledger.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> ledgerThreads() == before);
    assertThatThrownBy(() -> ledger.find("acme", "e-1"))
        .isInstanceOf(LedgerUnavailableException.class);
  }

  /** Our follower thread plus the Kafka clients' threads, all named after the ledger. */
  private static long ledgerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().contains("campaign-ledger"))
        .count();
  }

  private CampaignLedger started(String topic) {
    CampaignLedger ledger =
        track(
            new CampaignLedger(
                () -> clientProperties(servers()),
                topic,
                RETENTION,
                1000,
                Duration.ofMillis(500),
                Clock.systemUTC()));
    ledger.start();
    return ledger;
  }

  private CampaignLedger track(CampaignLedger ledger) {
    ledgers.add(ledger);
    return ledger;
  }

  private static void awaitAvailable(CampaignLedger ledger) {
    await().atMost(LOADED).until(() -> ledger.status().available());
  }

  private static Properties clientProperties(String servers) {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
    return props;
  }

  private static String servers() {
    return broker.bootstrapServers();
  }

  private static String freshTopic() {
    return "ledger-" + UUID.randomUUID();
  }

  private static void createTopic(String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private static void writeRaw(String topic, String key, CampaignCreated value, long timestamp)
      throws Exception {
    Properties props = clientProperties(servers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      byte[] bytes = value == null ? null : JSON.writeValueAsBytes(value);
      producer.send(new ProducerRecord<>(topic, null, timestamp, key, bytes)).get();
    }
  }

  private static List<String> recordKeys(String topic) {
    Properties props = clientProperties(servers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          keys.add(record.key());
        }
      }
    }
    return keys;
  }

  private static CampaignCreated created(String tenant, String eventId, String campaignId) {
    return Samples.createdCampaign(tenant, eventId, campaignId, 1, Instant.now());
  }
}
