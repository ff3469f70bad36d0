package io.korebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.testsupport.BridgeProcess;
import io.korebridge.testsupport.KafkaServerProcess;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.Samples;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The throughput benchmark behind {@code ./mvnw -Pbench package}: a Kafka broker in its own JVM,
 * the Kore simulator (latency, per-account rate limit) in this one, and the packaged service as a
 * separate process, started afresh for each scenario. Prints events/s, event-to-outcome latency,
 * CPU per 1,000 events, peak RSS, Kore's 429s and start-up time, each against its target.
 *
 * <p>System properties: {@code bench.scenarios} (default {@code a,b,c,d}), {@code bench.events}
 * (events of every scenario's main account), {@code bench.events.<id>} (one scenario's), {@code
 * bench.timeout-seconds} (per scenario, default 150), {@code bench.partitions} (default 32), {@code
 * bench.service-jvm-args} (space separated, default {@value #DEFAULT_SERVICE_JVM_ARGS}).
 */
public final class Benchmark {

  /** The JVM sizes itself as in k8s/base/deployment.yaml's 384Mi limit, not for this host. */
  static final String DEFAULT_SERVICE_JVM_ARGS = "-XX:MaxRAM=384m";

  private static final Path WORK = Path.of("target", "bench");
  private static final double TARGET_EVENTS_PER_SECOND_A = 1000;
  private static final double TARGET_EVENTS_PER_SECOND_B = 0.8 * 32 / 0.2;
  private static final double TARGET_SHARE_OF_LIMIT_C = 0.97;
  private static final long TARGET_SMALL_P99_MS_D = 5000;
  private static final double TARGET_PEAK_RSS_MB = 300;
  private static final double TARGET_STARTUP_SECONDS = 3;
  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

  /** Accounts of scenario d beyond the simulator's two; the tenant name is also the event key. */
  private static final List<String> TENANTS = List.of("default", "second", "third", "fourth");

  private static final List<KoreSimulator.Account> ACCOUNTS =
      List.of(
          KoreSimulator.DEFAULT_ACCOUNT,
          KoreSimulator.SECOND_ACCOUNT,
          account(3, "simulator-client-secret-0003-0123456789abcdef"),
          account(4, "simulator-client-secret-0004-0123456789abcdef"));

  private final ObjectMapper json = new ObjectMapper();
  private final PrintStream out;
  private final int partitions = Integer.getInteger("bench.partitions", 32);
  private final Duration timeout =
      Duration.ofSeconds(Integer.getInteger("bench.timeout-seconds", 150));
  private final List<String> summary = new ArrayList<>();
  private KafkaServerProcess broker;
  private KoreSimulator kore;
  private KafkaProducer<byte[], byte[]> producer;

  private Benchmark(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Files.createDirectories(WORK);
    try (OutputStream file = new FileOutputStream(WORK.resolve("results.txt").toFile())) {
      PrintStream out = new PrintStream(new Tee(System.out, file), true, StandardCharsets.UTF_8);
      new Benchmark(out).run();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    List<Scenario> scenarios = new ArrayList<>();
    int events = Integer.getInteger("bench.events", -1);
    for (String id : System.getProperty("bench.scenarios", "a,b,c,d").split(",")) {
      String key = id.trim().toLowerCase(Locale.ROOT);
      scenarios.add(Scenario.of(key, Integer.getInteger("bench.events." + key, events)));
    }
    out.println("=== kore-campaign-bridge benchmark, " + Instant.now());
    ProcStats.machine().forEach(line -> out.println("  " + line));
    out.println("  service       " + BridgeProcess.APP + " " + serviceJvmArgs());
    out.println(
        "  scenarios     "
            + scenarios.stream().map(Scenario::id).toList()
            + ", requests topic with "
            + partitions
            + " partitions, at most "
            + timeout.toSeconds()
            + " s each");
    checkTenantsOnDistinctPartitions();

    long started = System.nanoTime();
    broker = KafkaServerProcess.start(WORK.resolve("kafka"));
    kore = KoreSimulator.startWithThreads(96);
    ACCOUNTS.subList(2, ACCOUNTS.size()).forEach(kore::addAccount);
    producer = producer();
    try {
      for (Scenario scenario : scenarios) {
        runScenario(scenario);
      }
    } finally {
      producer.close();
      kore.close();
      broker.close();
    }
    out.println();
    out.println("=== summary (" + (System.nanoTime() - started) / 1_000_000_000 + " s in all)");
    summary.forEach(out::println);
  }

  private void runScenario(Scenario scenario) throws Exception {
    String prefix = "bench-" + scenario.id() + "-" + UUID.randomUUID().toString().substring(0, 8);
    String requests = prefix + "-requests";
    String results = prefix + "-results";
    String deadLetter = prefix + "-dead-letter";
    createTopics(Map.of(requests, partitions, results, 1, deadLetter, 1));
    kore.reset();
    kore.withLatency(scenario.koreLatency());
    int accounts = 1 + scenario.smallAccounts();
    for (int i = 0; i < accounts; i++) {
      if (scenario.koreLimitPerMinute() > 0) {
        kore.rateLimitPerMinute(ACCOUNTS.get(i).accountId(), scenario.koreLimitPerMinute());
      }
    }

    out.println();
    out.println("=== scenario " + scenario.id() + ": " + scenario.title());
    out.println(
        String.format(
            Locale.ROOT,
            "setup               %d events%s; Kore latency %d ms; Kore limit %s; service:"
                + " %d consumer threads, rate limit %s",
            scenario.events(),
            scenario.smallAccounts() > 0
                ? " on account 1, " + scenario.smallEvents() + " on each of accounts 2-" + accounts
                : "",
            scenario.koreLatency().toMillis(),
            scenario.koreLimitPerMinute() == 0
                ? "none"
                : scenario.koreLimitPerMinute() + "/min per account",
            scenario.threads(),
            scenario.serviceLimitPerMinute() == 0
                ? "0 (unlimited)"
                : scenario.serviceLimitPerMinute() + "/min per account"));

    Path log = WORK.resolve(prefix + "-service.log");
    Map<String, String> env = environment(scenario, prefix, requests, results, deadLetter);
    long spawned = System.nanoTime();
    try (BridgeProcess service = BridgeProcess.start(env, log.toFile(), serviceJvmArgs())) {
      Startup startup = awaitReady(service, log, spawned, prefix + "-bridge", requests, scenario);
      double cpuBefore = ProcStats.cpuSeconds(service.pid());
      double brokerCpuBefore = ProcStats.cpuSeconds(broker.pid());
      double benchCpuBefore = ProcStats.cpuSeconds(ProcessHandle.current().pid());

      Outcomes outcomes = new Outcomes(List.of(results, deadLetter));
      Thread collector = new Thread(outcomes, "outcome-collector");
      collector.start();
      Map<String, Sent> sent = publish(scenario, requests);
      Set<String> small = new HashSet<>();
      sent.forEach(
          (eventId, s) -> {
            if (!s.tenant().equals(TENANTS.get(0))) {
              small.add(eventId);
            }
          });

      long deadline = System.nanoTime() + timeout.toNanos();
      boolean timedOut = false;
      while (true) {
        boolean done =
            scenario.smallAccounts() > 0
                ? outcomes.countOf(small) == small.size()
                : outcomes.countOf(sent.keySet()) == sent.size();
        if (done) {
          break;
        }
        if (!service.isAlive()) {
          throw new IllegalStateException("the service exited; see " + log);
        }
        if (System.nanoTime() > deadline) {
          timedOut = true;
          break;
        }
        Thread.sleep(50);
      }
      double cpu = ProcStats.cpuSeconds(service.pid()) - cpuBefore;
      double brokerCpu = ProcStats.cpuSeconds(broker.pid()) - brokerCpuBefore;
      double benchCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - benchCpuBefore;
      double peakRss = ProcStats.peakRssMb(service.pid());
      long refused = kore.tooManyRequestsAnswered();
      outcomes.stop();
      collector.join(10_000);
      report(
          scenario, sent, small, outcomes, timedOut, cpu, brokerCpu, benchCpu, peakRss, refused,
          startup, log);
    }
  }

  private void report(
      Scenario scenario,
      Map<String, Sent> sent,
      Set<String> small,
      Outcomes outcomes,
      boolean timedOut,
      double cpu,
      double brokerCpu,
      double benchCpu,
      double peakRss,
      long refused,
      Startup startup,
      Path log) {
    Map<String, Outcome> all = outcomes.snapshot();
    List<Long> latencies = new ArrayList<>();
    List<Long> smallLatencies = new ArrayList<>();
    List<Long> mainOutcomeTimes = new ArrayList<>();
    long firstSend = Long.MAX_VALUE;
    long lastOutcome = Long.MIN_VALUE;
    int created = 0;
    Map<String, Integer> failed = new TreeMap<>();
    for (Map.Entry<String, Sent> entry : sent.entrySet()) {
      Sent s = entry.getValue();
      firstSend = Math.min(firstSend, s.timestamp());
      Outcome o = all.get(entry.getKey());
      if (o == null) {
        continue;
      }
      long latency = o.timestamp() - s.timestamp();
      if (small.contains(entry.getKey())) {
        smallLatencies.add(latency);
      } else {
        latencies.add(latency);
        mainOutcomeTimes.add(o.timestamp());
      }
      lastOutcome = Math.max(lastOutcome, o.timestamp());
      if (o.reason() == null) {
        created++;
      } else {
        failed.merge(o.reason(), 1, Integer::sum);
      }
    }
    int done = latencies.size() + smallLatencies.size();
    double seconds = done == 0 ? Double.NaN : (lastOutcome - firstSend) / 1000.0;
    double eventsPerSecond = done / seconds;

    line(
        "outcomes",
        "%d of %d (CREATED %d, FAILED %s) in %.1f s from first send to last outcome%s",
        done,
        sent.size(),
        created,
        failed.isEmpty() ? "0" : failed.toString(),
        seconds,
        timedOut ? " -- STOPPED after " + timeout.toSeconds() + " s, not all done" : "");
    line("events/s", "%.1f", eventsPerSecond);
    if (scenario.smallAccounts() > 0) {
      line(
          "latency small accts",
          "%s  (%d of %d outcomes)",
          percentiles(smallLatencies),
          smallLatencies.size(),
          small.size());
      line(
          "latency account 1",
          "%s  (%d of %d outcomes when the small ones were done)",
          percentiles(latencies),
          latencies.size(),
          scenario.events());
    } else {
      line("latency", "%s", percentiles(latencies));
    }
    double achievedPerMinute = Double.NaN;
    if (scenario.serviceLimitPerMinute() > 0 && mainOutcomeTimes.size() > 1) {
      mainOutcomeTimes.sort(null);
      long span = mainOutcomeTimes.get(mainOutcomeTimes.size() - 1) - mainOutcomeTimes.get(0);
      achievedPerMinute = (mainOutcomeTimes.size() - 1) * 60_000.0 / span;
      line(
          "achieved rate",
          "%.1f/min on account 1 (between its first and last outcome) = %.1f %% of %d/min",
          achievedPerMinute,
          100 * achievedPerMinute / scenario.serviceLimitPerMinute(),
          scenario.serviceLimitPerMinute());
    }
    line(
        "CPU s/1000 events",
        "%.2f  (service process utime+stime %.1f s for %d outcomes; meanwhile broker %.1f s,"
            + " benchmark JVM with simulator %.1f s)",
        done == 0 ? Double.NaN : cpu * 1000 / done,
        cpu,
        done,
        brokerCpu,
        benchCpu);
    line("peak RSS", "%.0f MB  (VmHWM of the service process)", peakRss);
    line("429s from Kore", "%d", refused);
    line(
        "startup to ready",
        "%.2f s  (process start -> Quarkus \"started in\" log line; Quarkus says %s s);"
            + " all %d partitions assigned to %d consumer(s) after %.2f s",
        startup.startedSeconds(),
        startup.quarkusSays(),
        partitions,
        startup.members(),
        startup.assignedSeconds());
    if (!startup.note().isEmpty()) {
      line("partitions", "%s", startup.note());
    }
    line("service log", "%s", log);

    List<String> verdicts = new ArrayList<>();
    switch (scenario.id()) {
      case "a" ->
          verdicts.add(
              verdict(
                  eventsPerSecond >= TARGET_EVENTS_PER_SECOND_A && !timedOut,
                  "events/s >= %.0f",
                  TARGET_EVENTS_PER_SECOND_A));
      case "b" ->
          verdicts.add(
              verdict(
                  eventsPerSecond >= TARGET_EVENTS_PER_SECOND_B && !timedOut,
                  "events/s >= %.1f",
                  TARGET_EVENTS_PER_SECOND_B));
      case "c" -> {
        verdicts.add(
            verdict(
                achievedPerMinute >= TARGET_SHARE_OF_LIMIT_C * scenario.serviceLimitPerMinute()
                    && !timedOut,
                "achieved >= 97 %% of %d/min",
                scenario.serviceLimitPerMinute()));
        verdicts.add(verdict(refused == 0, "zero 429s"));
      }
      case "d" ->
          verdicts.add(
              verdict(
                  !timedOut && percentile(smallLatencies, 99) < TARGET_SMALL_P99_MS_D,
                  "small accounts' p99 < %d ms",
                  TARGET_SMALL_P99_MS_D));
      default -> {}
    }
    verdicts.add(verdict(peakRss <= TARGET_PEAK_RSS_MB, "peak RSS <= %.0f MB", TARGET_PEAK_RSS_MB));
    verdicts.add(
        verdict(
            startup.startedSeconds() < TARGET_STARTUP_SECONDS,
            "startup < %.0f s",
            TARGET_STARTUP_SECONDS));
    line("targets", "%s", String.join(" | ", verdicts));
    summary.add(
        String.format(
            Locale.ROOT,
            "%s: %.1f events/s, p99 %s%s, %.2f CPU s/1000, RSS %.0f MB, 429s %d, ready %.2f s"
                + " -> %s",
            scenario.id(),
            eventsPerSecond,
            scenario.smallAccounts() > 0
                ? percentile(smallLatencies, 99) + " ms (small accounts)"
                : percentile(latencies, 99) + " ms",
            Double.isNaN(achievedPerMinute)
                ? ""
                : String.format(Locale.ROOT, ", %.1f/min achieved", achievedPerMinute),
            done == 0 ? Double.NaN : cpu * 1000 / done,
            peakRss,
            refused,
            startup.startedSeconds(),
            String.join(" | ", verdicts)));
  }

  private void line(String label, String format, Object... args) {
    out.println(
        String.format(Locale.ROOT, "%-20s", label) + String.format(Locale.ROOT, format, args));
  }

  private static String verdict(boolean met, String target, Object... args) {
    return String.format(Locale.ROOT, target, args) + (met ? " PASS" : " MISS");
  }

  private static String percentiles(List<Long> values) {
    if (values.isEmpty()) {
      return "no outcomes";
    }
    return String.format(
        Locale.ROOT,
        "p50 %d ms  p95 %d ms  p99 %d ms  max %d ms",
        percentile(values, 50),
        percentile(values, 95),
        percentile(values, 99),
        percentile(values, 100));
  }

  /** Nearest-rank percentile; Long.MAX_VALUE when there is nothing to rank. */
  private static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return Long.MAX_VALUE;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** Environment of the packaged service, as a deployment would set it. */
  private Map<String, String> environment(
      Scenario scenario, String prefix, String requests, String results, String deadLetter) {
    Map<String, String> env =
        BridgeProcess.environmentFor(broker.bootstrapServers(), kore.baseUrl());
    env.put("CAMPAIGN_TOPICS_REQUESTS", requests);
    env.put("CAMPAIGN_TOPICS_RESULTS", results);
    env.put("CAMPAIGN_TOPICS_DEAD_LETTER", deadLetter);
    env.put("CAMPAIGN_TOPICS_IDEMPOTENCY", prefix + "-idempotency");
    env.put("CAMPAIGN_CONSUMER_GROUP_ID", prefix + "-bridge");
    env.put("CAMPAIGN_CONSUMER_THREADS", Integer.toString(scenario.threads()));
    env.put("KORE_RATE_LIMIT_PER_MINUTE", Integer.toString(scenario.serviceLimitPerMinute()));
    env.put("KORE_RATE_LIMIT_REPLICAS", "1");
    for (int i = 1; i <= scenario.smallAccounts(); i++) {
      KoreSimulator.Account account = ACCOUNTS.get(i);
      String tenant = "KORE_TENANTS__" + TENANTS.get(i).toUpperCase(Locale.ROOT) + "__";
      env.put(tenant + "STREAM_ID", account.streamId());
      env.put(tenant + "ACCOUNT_ID", account.accountId());
      env.put(tenant + "IID", account.iid());
      env.put(tenant + "CLIENT_ID", account.clientId());
      env.put(tenant + "CLIENT_SECRET", account.clientSecret());
      env.put(tenant + "RATE_LIMIT_PER_MINUTE", Integer.toString(scenario.serviceLimitPerMinute()));
    }
    return env;
  }

  private static List<String> serviceJvmArgs() {
    String args = System.getProperty("bench.service-jvm-args", DEFAULT_SERVICE_JVM_ARGS).trim();
    return args.isEmpty() ? List.of() : List.of(args.split("\\s+"));
  }

  /**
   * Publishes every event of the scenario as fast as the producer goes (so they are queued), the
   * main account's first; the record timestamp is the send time latency is measured from.
   */
  private Map<String, Sent> publish(Scenario scenario, String topic) throws IOException {
    ObjectNode sample = (ObjectNode) json.readTree(Samples.bytes("campaign-request.json"));
    Map<String, Sent> sent = new LinkedHashMap<>();
    int accounts = 1 + scenario.smallAccounts();
    for (int account = 0; account < accounts; account++) {
      int count = account == 0 ? scenario.events() : scenario.smallEvents();
      String tenant = TENANTS.get(account);
      for (int i = 0; i < count; i++) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode event = sample.deepCopy();
        event.put("eventId", eventId);
        event.put("tenant", tenant);
        ((ObjectNode) event.get("campaign"))
            .put("name", "bench " + scenario.id() + " " + tenant + " " + i);
        String key = scenario.keyedByTenant() ? tenant : "crm-" + i;
        long now = System.currentTimeMillis();
        producer.send(
            new ProducerRecord<>(
                topic,
                null,
                now,
                key.getBytes(StandardCharsets.UTF_8),
                json.writeValueAsBytes(event)));
        sent.put(eventId, new Sent(tenant, now));
      }
    }
    producer.flush();
    return sent;
  }

  /**
   * Waits for the Quarkus "started in" line (the start-up time reported against the target), then
   * until the consumer group holds every partition with the expected number of consumers (or the
   * same assignment for 5 s, for a service that ignores the thread setting).
   */
  private Startup awaitReady(
      BridgeProcess service, Path log, long spawned, String group, String topic, Scenario scenario)
      throws Exception {
    long deadline = spawned + TimeUnit.SECONDS.toNanos(90);
    double startedSeconds = Double.NaN;
    String quarkusSays = "?";
    while (Double.isNaN(startedSeconds)) {
      if (!service.isAlive()) {
        throw new IllegalStateException("the service exited during start-up; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the service did not start in 90 s; see " + log);
      }
      if (Files.exists(log)) {
        Matcher started = STARTED.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        if (started.find()) {
          startedSeconds = (System.nanoTime() - spawned) / 1e9;
          quarkusSays = started.group(1);
          break;
        }
      }
      Thread.sleep(10);
    }
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      double assignedSeconds = Double.NaN;
      String lastAssignment = "";
      long sameSince = 0;
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription description;
        try {
          description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        } catch (java.util.concurrent.ExecutionException notYet) {
          // The group does not exist until the first consumer joins.
          Thread.sleep(50);
          continue;
        }
        Map<Integer, String> owner = new TreeMap<>();
        for (MemberDescription member : description.members()) {
          for (TopicPartition partition : member.assignment().topicPartitions()) {
            if (partition.topic().equals(topic)) {
              owner.put(partition.partition(), member.consumerId());
            }
          }
        }
        int members = description.members().size();
        if (owner.size() == partitions) {
          long now = System.nanoTime();
          if (Double.isNaN(assignedSeconds)) {
            assignedSeconds = (now - spawned) / 1e9;
          }
          String assignment = owner.toString();
          if (!assignment.equals(lastAssignment)) {
            lastAssignment = assignment;
            sameSince = now;
          }
          if (members >= scenario.threads() || now - sameSince > TimeUnit.SECONDS.toNanos(5)) {
            return new Startup(
                startedSeconds, quarkusSays, assignedSeconds, members, ownership(scenario, owner));
          }
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("the service's consumers never held every partition; " + log);
  }

  /** Which consumer owns each tenant's partition (scenario d): sharing one shows head-of-line. */
  private String ownership(Scenario scenario, Map<Integer, String> owner) {
    if (!scenario.keyedByTenant()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    Map<String, Integer> consumerNumbers = new LinkedHashMap<>();
    for (int i = 0; i <= scenario.smallAccounts(); i++) {
      int partition = partitionOf(TENANTS.get(i));
      String consumer = owner.get(partition);
      int number = consumerNumbers.computeIfAbsent(consumer, c -> consumerNumbers.size() + 1);
      parts.add(TENANTS.get(i) + " -> partition " + partition + " (consumer #" + number + ")");
    }
    return String.join(", ", parts);
  }

  private void checkTenantsOnDistinctPartitions() {
    Set<Integer> seen = new HashSet<>();
    for (String tenant : TENANTS) {
      if (!seen.add(partitionOf(tenant))) {
        throw new IllegalStateException(
            "tenants " + TENANTS + " do not land on distinct partitions of " + partitions);
      }
    }
  }

  /** Kafka's default partitioner for a keyed record. */
  private int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private void createTopics(Map<String, Integer> topics) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin
          .createTopics(
              topics.entrySet().stream()
                  .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1))
                  .toList())
          .all()
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + topics.keySet(), e);
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName()));
  }

  private static KoreSimulator.Account account(int n, String secret) {
    String suffix = String.format(Locale.ROOT, "%05d", n);
    return new KoreSimulator.Account(
        "67777ce93e25326494e" + suffix,
        "st-0603182c-7ffb-53c3-b307-47ca14b" + suffix,
        "st-0603182c-7ffb-53c3-b307-47ca14b" + suffix,
        "cs-5b2a0c1e-1d7e-5a8e-9a47-3f0c8d2" + suffix,
        secret);
  }

  private record Sent(String tenant, long timestamp) {}

  /** An outcome's record timestamp (when the service published it) and its reason if FAILED. */
  private record Outcome(long timestamp, String reason) {}

  private record Startup(
      double startedSeconds,
      String quarkusSays,
      double assignedSeconds,
      int members,
      String note) {}

  /** Follows the outcome topics from their beginning and keeps each eventId's first outcome. */
  private final class Outcomes implements Runnable {
    private final List<String> topics;
    private final Map<String, Outcome> byEventId = new ConcurrentHashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    Outcomes(List<String> topics) {
      this.topics = topics;
    }

    @Override
    public void run() {
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  broker.bootstrapServers(),
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  "false",
                  ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                  ByteArrayDeserializer.class.getName(),
                  ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                  ByteArrayDeserializer.class.getName()))) {
        List<TopicPartition> assigned = new ArrayList<>();
        for (String topic : topics) {
          consumer
              .partitionsFor(topic)
              .forEach(info -> assigned.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        while (!stopped.get()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            String eventId = KafkaTestClient.header(record, "eventId");
            if (eventId != null && !byEventId.containsKey(eventId)) {
              byEventId.put(eventId, new Outcome(record.timestamp(), reason(record)));
            }
          }
        }
      }
    }

    private String reason(ConsumerRecord<byte[], byte[]> record) {
      if ("CREATED".equals(KafkaTestClient.header(record, "outcome"))) {
        return null;
      }
      try {
        JsonNode outcome = json.readTree(record.value());
        return outcome.path("reason").asText("FAILED");
      } catch (IOException e) {
        return "FAILED";
      }
    }

    int countOf(Set<String> eventIds) {
      int n = 0;
      for (String eventId : eventIds) {
        if (byEventId.containsKey(eventId)) {
          n++;
        }
      }
      return n;
    }

    Map<String, Outcome> snapshot() {
      return Map.copyOf(byEventId);
    }

    void stop() {
      stopped.set(true);
    }
  }

  /** Writes what the benchmark prints to the console and to target/bench/results.txt. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
