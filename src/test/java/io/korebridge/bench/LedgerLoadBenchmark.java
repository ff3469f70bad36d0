package io.korebridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.delivery.CampaignLedger;
import io.korebridge.outcome.CampaignCreated;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.KafkaServerProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How long the idempotency ledger takes to load a topic of {@code bench.ledger.entries} (default
 * 1,000,000) created campaigns, and how much heap it holds afterwards. The broker runs in its own
 * JVM, so this JVM's heap is the ledger's (plus a few MB of Kafka client). Values are shaped like
 * Kore's answers (simulator): UUID event and campaign ids, a 40-character name, Kore's message.
 *
 * <p>Run it as docs/benchmarks.md says ("Idempotency ledger load"); {@code -Xmx} and {@code
 * bench.ledger.max-entries} (default 300000, the service's default) set the memory it must fit in.
 */
public final class LedgerLoadBenchmark {

  private static final String TOPIC = "campaign-idempotency";
  private static final String FLOW = "cf-67447605-115e-5dd2-a676-e158cf300001";

  private LedgerLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = Integer.getInteger("bench.ledger.entries", 1_000_000);
    int maxEntries = Integer.getInteger("bench.ledger.max-entries", 300_000);
    Path work = Path.of("target", "ledger-bench");
    try (KafkaServerProcess broker = KafkaBroker.ownProcess(work.resolve("kafka"))) {
      Properties client = new Properties();
      client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      long writeStart = System.nanoTime();
      write(client, entries);
      Duration writing = Duration.ofNanos(System.nanoTime() - writeStart);

      long heapBefore = usedHeapAfterGc();
      CampaignLedger ledger =
          new CampaignLedger(
              () -> copy(client),
              TOPIC,
              Duration.ofDays(7),
              maxEntries,
              Duration.ZERO,
              Clock.systemUTC());
      long loadStart = System.nanoTime();
      ledger.start();
      while (!ledger.status().available()) {
        Thread.sleep(20);
      }
      Duration loading = Duration.ofNanos(System.nanoTime() - loadStart);
      long heapAfter = usedHeapAfterGc();
      CampaignLedger.Status status = ledger.status();
      long held = heapAfter - heapBefore;
      System.out.printf(
          Locale.ROOT,
          "ledger load: %,d records written in %.1f s; loaded in %.1f s (%,.0f records/s)%n"
              + "  entries held %,d (max-entries %,d, evicted before expiry %,d)%n"
              + "  heap: used %.1f MiB after load (%.1f MiB before the ledger), max %.1f MiB%n"
              + "  ledger heap %.1f MiB = %.0f bytes per entry%n",
          entries,
          writing.toMillis() / 1000.0,
          loading.toMillis() / 1000.0,
          entries / (loading.toMillis() / 1000.0),
          status.entries(),
          status.maxEntries(),
          status.evictedBeforeExpiry(),
          mib(heapAfter),
          mib(heapBefore),
          mib(Runtime.getRuntime().maxMemory()),
          mib(held),
          (double) held / status.entries());
      ledger.close();
    }
  }

  private static void write(Properties client, int entries) throws Exception {
    try (Admin admin = Admin.create(client)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(TOPIC, 6, (short) 1)
                      .configs(
                          Map.of(
                              "cleanup.policy",
                              "compact,delete",
                              "retention.ms",
                              Long.toString(Duration.ofDays(7).toMillis())))))
          .all()
          .get();
    }
    Properties props = copy(client);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    ObjectMapper json = new ObjectMapper();
    String now = Instant.now().toString();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < entries; i++) {
        String eventId = UUID.randomUUID().toString();
        String name = String.format(Locale.ROOT, "Interactive Support SMS Campaign %07d", i);
        CampaignCreated outcome =
            new CampaignCreated(
                eventId,
                "default",
                "cd-" + UUID.randomUUID(),
                name,
                "Ready",
                FLOW,
                "Campaign " + name + " creation in progress",
                1,
                false,
                now,
                null);
        producer.send(
            new ProducerRecord<>(TOPIC, "7:default/" + eventId, json.writeValueAsBytes(outcome)));
      }
      producer.flush();
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static Properties copy(Properties from) {
    Properties props = new Properties();
    props.putAll(from);
    return props;
  }
}
