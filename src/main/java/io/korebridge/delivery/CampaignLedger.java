package io.korebridge.delivery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.config.CampaignConfig;
import io.korebridge.outcome.CampaignCreated;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.spi.CamelEvent;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Which events already became campaigns, kept in a compacted Kafka topic keyed by tenant and event
 * id, so it survives restarts and every replica sees the others' entries.
 *
 * <p>Loaded at start-up by one background thread, which then keeps following the topic; until the
 * topic has been read to its end (or while it is missing, unreadable or unwritable) {@link #find}
 * throws {@link LedgerUnavailableException} and readiness ({@code campaign-ledger}) is DOWN.
 * Entries expire after {@code campaign.idempotency.retention}; at most {@code
 * campaign.idempotency.max-entries} are kept, the oldest go first.
 *
 * <p>Hand-written because Camel's KafkaIdempotentRepository stores only that a key was seen, while
 * a duplicate's outcome must repeat the original campaign id.
 */
@ApplicationScoped
public class CampaignLedger {

  private static final Logger LOG = Logger.getLogger(CampaignLedger.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(2);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration RECHECK_WRITE_EVERY = Duration.ofSeconds(10);
  private static final long EVICTION_WARN_EVERY = Duration.ofMinutes(1).toNanos();
  private static final Duration METADATA_WAIT = Duration.ofSeconds(10);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final String INTENT = "intent";
  private static final String LOADING = "is still being loaded";
  private static final String WRITE_DENIED =
      "cannot be written: the client lacks the Write permission on it";

  private final Supplier<Properties> producerProperties;
  private final Supplier<Properties> consumerProperties;
  private final String topic;
  private final Duration retention;
  private final Duration unavailableWait;
  private final Clock clock;
  private final LedgerIndex index;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Object availability = new Object();
  private final CountDownLatch closing = new CountDownLatch(1);

  private volatile String problem = LOADING;
  private volatile boolean loaded;
  private volatile boolean writeDenied;
  private volatile Duration loadTime;
  private String startFailure;
  private long evictedWarned;
  private long lastEvictionWarning = System.nanoTime() - EVICTION_WARN_EVERY;
  private volatile boolean closed;
  private KafkaProducer<String, byte[]> producer;
  private KafkaConsumer<String, byte[]> follower;
  private Thread thread;

  @Inject
  public CampaignLedger(CamelContext camel, CampaignConfig config) {
    this(
        () -> camelKafkaProperties(camel, true),
        () -> camelKafkaProperties(camel, false),
        config.topics().idempotency(),
        config.idempotency().retention(),
        config.idempotency().maxEntries(),
        Duration.ofMillis(config.idempotency().unavailableWaitMs()),
        Clock.systemUTC());
  }

  /** For tests and benchmarks: Kafka client settings (brokers, security) given directly. */
  public CampaignLedger(
      Supplier<Properties> clientProperties,
      String topic,
      Duration retention,
      int maxEntries,
      Duration unavailableWait,
      Clock clock) {
    this(clientProperties, clientProperties, topic, retention, maxEntries, unavailableWait, clock);
  }

  private CampaignLedger(
      Supplier<Properties> producerProperties,
      Supplier<Properties> consumerProperties,
      String topic,
      Duration retention,
      int maxEntries,
      Duration unavailableWait,
      Clock clock) {
    this.producerProperties = producerProperties;
    this.consumerProperties = consumerProperties;
    this.topic = topic;
    this.retention = retention;
    this.unavailableWait = unavailableWait;
    this.clock = clock;
    this.index = new LedgerIndex(retention, maxEntries, clock);
  }

  // Camel's Kafka component is configured (brokers, security) once the context has started.
  void onCamelStarted(@Observes CamelEvent.CamelContextStartedEvent started) {
    start();
  }

  /** Starts loading the topic in the background; returns at once. Idempotent. */
  public synchronized void start() {
    if (thread != null || closed || startFailure != null) {
      return;
    }
    try {
      startClients();
    } catch (RuntimeException e) {
      // Bad client settings do not mend themselves: stay unavailable, saying why.
      startFailure = "cannot be used: its Kafka clients did not start: " + e;
      problem = startFailure;
      LOG.errorf("Idempotency ledger %s %s", topic, startFailure);
      if (producer != null) {
        producer.close(Duration.ZERO);
        producer = null;
      }
    }
  }

  private void startClients() {
    Properties producerProps = producerProperties.get();
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Named after the ledger, so its client threads are recognisable (and unique per instance).
    String clientId = "campaign-ledger-" + INSTANCES.incrementAndGet();
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    // send() waits for the topic's metadata at most this long instead of Kafka's 60 s.
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(producerProps);

    Properties consumerProps = consumerProperties.get();
    // Assigned partitions, no group: reading the ledger needs no group ACL and commits nothing.
    consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-follower");
    // Retention may delete the segment under the follower's position: go on from the oldest one.
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    consumerProps.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerProps.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    follower = new KafkaConsumer<>(consumerProps);

    Properties adminProps = producerProperties.get();
    adminProps.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-admin");
    thread = new Thread(() -> run(adminProps), "campaign-ledger");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The CREATED outcome this event already had, if any. Never waits for Kafka once loaded; while
   * the ledger is loading or unavailable it waits at most {@code
   * campaign.idempotency.unavailable-wait-ms}, then throws.
   *
   * @throws LedgerUnavailableException the ledger cannot answer: hold the request
   */
  public Optional<CampaignCreated> find(String tenant, String eventId) {
    requireAvailable();
    return index.get(tenant, eventId);
  }

  /**
   * The open call intent of this event, if any: a create that may have reached Kore with no result
   * recorded after it. Waits and throws like {@link #find}.
   *
   * @throws LedgerUnavailableException the ledger cannot answer: hold the request
   */
  public Optional<CallIntent> findIntent(String tenant, String eventId) {
    requireAvailable();
    return index.getIntent(tenant, eventId);
  }

  /**
   * Records that a create call is about to be sent, under the event's key (a result written later
   * replaces it when the topic is compacted). Completes once Kafka has acknowledged it, like {@link
   * #rememberAsync}.
   */
  public CompletableFuture<Void> recordIntentAsync(CallIntent intent) {
    return write(
        intent.tenant(),
        intent.eventId(),
        () -> json.writeValueAsBytes(intentJson(intent)),
        now -> index.putIntent(intent, now));
  }

  /**
   * An intent's record: its fields under {@code intent}, so a reader that knows only results finds
   * no tenant or eventId at the top and skips it.
   */
  private ObjectNode intentJson(CallIntent intent) {
    ObjectNode root = json.createObjectNode();
    ObjectNode fields = root.putObject(INTENT);
    fields.put("tenant", intent.tenant());
    fields.put("eventId", intent.eventId());
    fields.put("campaignName", intent.campaignName());
    fields.put("attempt", intent.attempt());
    fields.put("firstAttemptAt", intent.firstAttemptAt().toString());
    fields.put("at", intent.at().toString());
    return root;
  }

  private static CallIntent readIntent(JsonNode fields) {
    return new CallIntent(
        fields.path("tenant").asText(),
        fields.path("eventId").asText(),
        fields.path("campaignName").asText(null),
        fields.path("attempt").asInt(),
        Instant.parse(fields.path("firstAttemptAt").asText()),
        Instant.parse(fields.path("at").asText()));
  }

  /**
   * Records a created campaign. The future completes once Kafka has acknowledged it (acks=all,
   * idempotent producer), exceptionally with Kafka's exception when it could not be written. It
   * completes on the Kafka producer's I/O thread: chain blocking work with the *Async methods.
   */
  public CompletableFuture<Void> rememberAsync(CampaignCreated outcome) {
    return write(
        outcome.tenant(),
        outcome.eventId(),
        () -> json.writeValueAsBytes(outcome),
        now -> index.put(outcome, now));
  }

  /** The value of a ledger record, which Jackson may fail to write. */
  private interface RecordValue {
    byte[] bytes() throws IOException;
  }

  /**
   * Writes one record under the event's key; once Kafka acknowledges it, {@code acknowledged}
   * learns its record time (for the index) and the future completes.
   */
  private CompletableFuture<Void> write(
      String tenant, String eventId, RecordValue value, LongConsumer acknowledged) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    KafkaProducer<String, byte[]> writer = startedProducer();
    if (writer == null) {
      written.completeExceptionally(
          new LedgerUnavailableException("idempotency topic " + topic + " " + problem()));
      return written;
    }
    try {
      long now = clock.millis();
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(
              topic, null, now, LedgerKey.recordKey(tenant, eventId), value.bytes());
      writer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              if (error instanceof AuthorizationException) {
                writeDenied = true;
              }
              written.completeExceptionally(error);
            } else {
              acknowledged.accept(now);
              written.complete(null);
            }
          });
    } catch (IOException | RuntimeException e) {
      written.completeExceptionally(e);
    }
    return written;
  }

  /** Whether {@link #find} answers, and if not, why (naming the topic and what is missing). */
  public Status status() {
    String why = problem();
    return new Status(
        topic,
        why == null,
        why,
        index.size(),
        index.maxEntries(),
        index.evictedBeforeExpiry(),
        retention,
        loadTime);
  }

  /**
   * The ledger's state for readiness.
   *
   * @param problem null when available, else what is wrong
   */
  public record Status(
      String topic,
      boolean available,
      String problem,
      int entries,
      int maxEntries,
      long evictedBeforeExpiry,
      Duration retention,
      Duration loadTime) {}

  private void requireAvailable() {
    start();
    if (problem() == null) {
      return;
    }
    // Bounded, so that a request held by an unavailable ledger is retried at most this often.
    long deadline = System.nanoTime() + unavailableWait.toNanos();
    synchronized (availability) {
      long remaining;
      while (problem() != null && (remaining = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(availability, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    String why = problem();
    if (why != null) {
      throw new LedgerUnavailableException("idempotency topic " + topic + " " + why);
    }
  }

  private String problem() {
    if (closed) {
      return "is closed: the service is stopping";
    }
    String why = problem;
    return why == null && writeDenied ? WRITE_DENIED : why;
  }

  private synchronized KafkaProducer<String, byte[]> startedProducer() {
    if (closed) {
      return null;
    }
    start();
    return producer;
  }

  /** Prepares the topic, reads it to its end, then follows it; starts over after an error. */
  private void run(Properties adminProps) {
    Admin admin = null;
    try {
      admin = Admin.create(adminProps);
      while (!closed) {
        try {
          prepareTopic(admin);
          loadAndFollow(admin);
        } catch (LedgerProblem e) {
          unavailable(e.getMessage());
          pause();
        } catch (WakeupException | InterruptException stopping) {
          if (!closed) {
            pause();
          }
        } catch (TopicAuthorizationException e) {
          unavailable("cannot be read: the client lacks the Read permission on it");
          pause();
        } catch (AuthorizationException e) {
          unavailable("cannot be read: " + e);
          pause();
        } catch (RuntimeException e) {
          if (!loaded) {
            unavailable("cannot be read: " + e);
          }
          LOG.warnf("Reading idempotency topic %s failed, starting over: %s", topic, e.toString());
          pause();
        }
      }
    } finally {
      follower.close(CLOSE_TIMEOUT);
      if (admin != null) {
        admin.close(CLOSE_TIMEOUT);
      }
    }
  }

  private void unavailable(String why) {
    if (!why.equals(problem)) {
      LOG.warnf("Idempotency ledger %s unavailable: %s", topic, why);
    }
    problem = why;
  }

  private void pause() {
    try {
      closing.await(RETRY_AFTER_ERROR.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private void loadAndFollow(Admin admin) {
    long started = System.nanoTime();
    List<TopicPartition> partitions = partitions();
    if (partitions.isEmpty()) {
      throw new LedgerProblem("is missing", null);
    }
    follower.assign(partitions);
    follower.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = follower.endOffsets(partitions);
    long lastWriteCheck = System.nanoTime();
    while (!closed) {
      for (ConsumerRecord<String, byte[]> record : follower.poll(POLL)) {
        apply(record);
      }
      if (!loaded
          && end.entrySet().stream().allMatch(e -> follower.position(e.getKey()) >= e.getValue())) {
        loadTime = Duration.ofNanos(System.nanoTime() - started);
        loaded = true;
        LOG.infof(
            "Idempotency topic %s loaded in %d ms: %d created campaigns (at most %d, for %s)",
            topic, loadTime.toMillis(), index.size(), index.maxEntries(), retention);
      }
      if (loaded) {
        index.dropExpired();
        warnIfEvicting();
        if (writeDenied && System.nanoTime() - lastWriteCheck > RECHECK_WRITE_EVERY.toNanos()) {
          lastWriteCheck = System.nanoTime();
          writeDenied = !permitted(describe(admin), AclOperation.WRITE);
        }
        if (problem != null) {
          LOG.infof("Idempotency ledger %s available", topic);
          problem = null;
          synchronized (availability) {
            availability.notifyAll();
          }
        }
      }
    }
  }

  /** Says, at most once a minute, that the bound shortens the replay horizon below retention. */
  private void warnIfEvicting() {
    long evicted = index.evictedBeforeExpiry();
    if (evicted > evictedWarned && System.nanoTime() - lastEvictionWarning > EVICTION_WARN_EVERY) {
      LOG.warnf(
          "Idempotency ledger %s holds its maximum of %d entries: %d entries younger than %s were"
              + " forgotten; events replayed after that are sent to Kore again. Raise"
              + " campaign.idempotency.max-entries (and the memory) for the full retention.",
          topic, index.maxEntries(), evicted, retention);
      evictedWarned = evicted;
      lastEvictionWarning = System.nanoTime();
    }
  }

  /** The topic's partitions; a topic created a moment ago may take a few metadata rounds. */
  private List<TopicPartition> partitions() {
    long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
    while (true) {
      List<TopicPartition> partitions =
          follower.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      if (!partitions.isEmpty() || System.nanoTime() > deadline || closed) {
        return partitions;
      }
      waitBeforeAsking();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      // Only the length-prefixed key can be read back; old-form tombstones are never written.
      LedgerKey.parseRecordKey(record.key()).ifPresent(key -> index.remove(key[0], key[1]));
      return;
    }
    try {
      JsonNode tree = json.readTree(record.value());
      if (tree != null && tree.has(INTENT)) {
        index.putIntent(readIntent(tree.get(INTENT)), record.timestamp());
        return;
      }
      // The key is rebuilt from the value, so records with the old "tenant/eventId" key count too.
      CampaignCreated outcome = json.treeToValue(tree, CampaignCreated.class);
      if (outcome.tenant() == null || outcome.eventId() == null) {
        LOG.warnf(
            "Ignoring idempotency record without tenant or eventId at offset %d", record.offset());
        return;
      }
      index.put(outcome, recordedAt(record, outcome));
    } catch (IOException | RuntimeException e) {
      LOG.warnf(
          "Ignoring unreadable idempotency record at offset %d: %s",
          record.offset(), e.getMessage());
    }
  }

  private static long recordedAt(ConsumerRecord<String, byte[]> record, CampaignCreated outcome) {
    if (record.timestamp() >= 0) {
      return record.timestamp();
    }
    try {
      return Instant.parse(outcome.processedAt()).toEpochMilli();
    } catch (RuntimeException e) {
      return record.timestamp();
    }
  }

  /** Makes sure the topic exists and may be read and written; warns about a differing config. */
  private void prepareTopic(Admin admin) {
    TopicDescription description;
    try {
      description = describe(admin);
    } catch (LedgerProblem missing) {
      if (!(missing.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw missing;
      }
      create(admin);
      description = describeCreated(admin);
    }
    if (!permitted(description, AclOperation.READ)) {
      throw new LedgerProblem("cannot be read: the client lacks the Read permission on it", null);
    }
    writeDenied = !permitted(description, AclOperation.WRITE);
    if (writeDenied) {
      throw new LedgerProblem(WRITE_DENIED, null);
    }
    checkConfig(admin);
  }

  /** A topic created a moment ago may take a few metadata rounds to be described. */
  private TopicDescription describeCreated(Admin admin) {
    long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
    while (true) {
      try {
        return describe(admin);
      } catch (LedgerProblem e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline
            || closed) {
          throw e;
        }
      }
      waitBeforeAsking();
    }
  }

  private TopicDescription describe(Admin admin) {
    try {
      return admin
          .describeTopics(
              List.of(topic), new DescribeTopicsOptions().includeAuthorizedOperations(true))
          .allTopicNames()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new LedgerProblem("is missing", e.getCause());
      }
      if (e.getCause() instanceof TopicAuthorizationException) {
        throw new LedgerProblem(
            "cannot be described: the client lacks the Describe permission on it", e.getCause());
      }
      throw new LedgerProblem("cannot be described: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new LedgerProblem(
          "cannot be reached: Kafka did not answer within " + ADMIN_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private void create(Admin admin) {
    NewTopic ledger =
        new NewTopic(topic, Optional.empty(), Optional.empty()).configs(expectedConfig());
    try {
      admin
          .createTopics(List.of(ledger))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.infof("Created idempotency topic %s with %s", topic, expectedConfig());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TopicExistsException) {
        return;
      }
      if (cause instanceof TopicAuthorizationException
          || cause instanceof ClusterAuthorizationException) {
        throw new LedgerProblem(
            "is missing and cannot be created: the client lacks the CreateTopics permission"
                + " (Create on the topic or the cluster)",
            cause);
      }
      throw new LedgerProblem("is missing and could not be created: " + cause, cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new LedgerProblem("is missing and Kafka did not answer the creation in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private Map<String, String> expectedConfig() {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG,
        Long.toString(retention.toMillis()));
  }

  /** Warns when an existing topic keeps entries shorter or longer than the ledger's retention. */
  private void checkConfig(Admin admin) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config;
    try {
      config =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(resource);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.infof(
          "Could not check the configuration of idempotency topic %s (DescribeConfigs): %s",
          topic, e.getCause() == null ? e.toString() : e.getCause().toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
    StringBuilder differences = new StringBuilder();
    ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    Set<String> policies =
        policy == null || policy.value() == null
            ? Set.of()
            : new HashSet<>(Arrays.asList(policy.value().replace(" ", "").split(",")));
    if (!policies.equals(
        Set.of(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE))) {
      differences
          .append(" cleanup.policy=")
          .append(policy == null ? null : policy.value())
          .append(" (expected compact,delete)");
    }
    ConfigEntry retentionMs = config.get(TopicConfig.RETENTION_MS_CONFIG);
    String expected = Long.toString(retention.toMillis());
    if (retentionMs == null || !expected.equals(retentionMs.value())) {
      differences
          .append(" retention.ms=")
          .append(retentionMs == null ? null : retentionMs.value())
          .append(" (expected ")
          .append(expected)
          .append(" = campaign.idempotency.retention)");
    }
    if (!differences.isEmpty()) {
      LOG.warnf(
          "Idempotency topic %s is configured differently from the ledger:%s. Entries older than"
              + " the retention are ignored anyway; fix the topic so that Kafka drops them too.",
          topic, differences);
    }
  }

  private static boolean permitted(TopicDescription description, AclOperation operation) {
    Set<AclOperation> allowed = description.authorizedOperations();
    // null: the broker did not say (no authorizer answered): the first real call will tell.
    return allowed == null || allowed.contains(operation) || allowed.contains(AclOperation.ALL);
  }

  private static Properties camelKafkaProperties(CamelContext camel, boolean producer) {
    // Same brokers and security settings as the pipeline's own Kafka endpoints.
    KafkaConfiguration kafka = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
    Properties props =
        producer ? kafka.createProducerProperties() : kafka.createConsumerProperties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
    return props;
  }

  /** Stops following, closes the Kafka clients; waits for the follower thread to end. */
  @PreDestroy
  public void close() {
    Thread running;
    KafkaProducer<String, byte[]> writer;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = thread;
      writer = producer;
      closing.countDown();
      if (follower != null) {
        follower.wakeup();
      }
    }
    synchronized (availability) {
      availability.notifyAll();
    }
    if (running != null) {
      try {
        running.join(CLOSE_TIMEOUT.toMillis());
        // Still inside an admin call: interrupting ends it, the thread then closes its clients.
        running.interrupt();
        running.join(CLOSE_TIMEOUT.toMillis() * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (writer != null) {
      writer.close(CLOSE_TIMEOUT);
    }
  }

  /** A short pause between two questions to Kafka; ends early when the ledger closes. */
  private void waitBeforeAsking() {
    try {
      closing.await(200, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  /** What keeps the ledger unavailable, worded for readiness after the topic's name. */
  private static final class LedgerProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LedgerProblem(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
