package io.korebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.testsupport.BridgeProcess;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.KafkaServerProcess;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.Samples;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
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
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark behind {@code ./mvnw -Pbench package}: a Kafka broker in its own JVM, the Kore
 * simulator (latency, per-account rate limit) in this one, and for every scenario two pipelines run
 * one after the other against them: the packaged service as a separate process, then the {@link
 * FloorPipeline} (the least such a pipeline does) in its own JVM. Each gets fresh topics and its
 * own consumer group. Prints both sides' figures, their ratio and each target with PASS/MISS.
 *
 * <p>System properties: {@code bench.scenarios} (default {@value Scenario#IDS}), {@code
 * bench.events} (events of every scenario's main account, or per account in e), {@code
 * bench.events.<id>}, {@code bench.floor} (default true), {@code bench.timeout-seconds} (per run,
 * default 150), {@code bench.partitions} (default 3), {@code bench.service-consumer-threads}
 * (default: the partitions), {@code bench.in-flight} (default 64), {@code bench.service-jvm-args}
 * (space separated; default: the Deployment's, see {@link DeploymentJvm}).
 */
public final class Benchmark {

  private static final Path WORK = Path.of("target", "bench");
  private static final double TARGET_SHARE_OF_FLOOR = 0.8;
  private static final double TARGET_CPU_FACTOR = 1.5;
  private static final double TARGET_SHARE_OF_LIMIT_C = 0.97;
  private static final long TARGET_SMALL_P99_MS_D = 5000;
  private static final double TARGET_DRAIN_FACTOR_E = 1.1;
  private static final double TARGET_PEAK_RSS_MB = 256;
  private static final double TARGET_READY_SECONDS = 3;

  /** Scenario h's floor resends a timed-out call as the service's retry defaults would. */
  private static final int FLOOR_MAX_ATTEMPTS_H = 5;

  private static final long FLOOR_BACKOFF_MS_H = 1000;

  /** Scenario d: one small-account event after every this many of the large account's. */
  private static final int D_INTERLEAVE_EVERY = 5;

  private static final Pattern STARTED = Pattern.compile("Quarkus [^)]*\\) started in ([0-9.]+)s");
  private static final String NA = "n/a";

  private final ObjectMapper json = new ObjectMapper();
  private final PrintStream out;
  private final int partitions = Integer.getInteger("bench.partitions", 3);
  private final int serviceThreads = Integer.getInteger("bench.service-consumer-threads", 1);
  private final int inFlight = Integer.getInteger("bench.in-flight", 64);
  private final boolean floorEnabled =
      !"false".equalsIgnoreCase(System.getProperty("bench.floor", "true").trim());
  private final Duration timeout =
      Duration.ofSeconds(Integer.getInteger("bench.timeout-seconds", 150));
  private final DeploymentJvm jvm = DeploymentJvm.forBenchmark();
  private final List<KoreSimulator.Account> accounts = new ArrayList<>();
  private final List<String> tenants = new ArrayList<>();
  private final List<String> summary = new ArrayList<>();

  /** The current scenario's verdicts, each with its row's label. */
  private final List<String> verdicts = new ArrayList<>();

  /** Scenario a's CPU per event in this sitting, for scenario b's comparison. */
  private final Map<Side, Double> cpuPerEventA = new LinkedHashMap<>();

  private KafkaServerProcess broker;
  private KoreSimulator kore;
  private KafkaProducer<byte[], byte[]> producer;

  private enum Side {
    SERVICE,
    FLOOR
  }

  private Benchmark(PrintStream out) {
    this.out = out;
    accounts.add(KoreSimulator.DEFAULT_ACCOUNT);
    accounts.add(KoreSimulator.SECOND_ACCOUNT);
    for (int n = 3; n <= 25; n++) {
      accounts.add(account(n));
    }
    tenants.add("default");
    for (int n = 2; n <= 25; n++) {
      tenants.add(String.format(Locale.ROOT, "t%02d", n));
    }
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
    String ids = System.getProperty("bench.scenarios", Scenario.IDS).trim();
    for (String id : (ids.isEmpty() ? Scenario.IDS : ids).split(",")) {
      String key = id.trim().toLowerCase(Locale.ROOT);
      scenarios.add(Scenario.of(key, Integer.getInteger("bench.events." + key, events)));
    }
    out.println("=== kore-campaign-bridge benchmark, " + Instant.now());
    ProcStats.machine().forEach(line -> out.println("  " + line));
    out.println("  service       " + BridgeProcess.APP);
    out.println(
        "  JVM options   "
            + String.join(" ", jvm.args())
            + (jvm.env().isEmpty() ? "" : " (environment " + jvm.env() + ")"));
    out.println("                (service and floor alike; from " + jvm.source() + ")");
    out.println(
        "  scenarios     "
            + scenarios.stream().map(Scenario::id).toList()
            + ", requests topic with "
            + partitions
            + " partitions, at most "
            + timeout.toSeconds()
            + " s per run, floor "
            + (floorEnabled ? "on" : "off (bench.floor=false)"));

    long started = System.nanoTime();
    broker = KafkaBroker.ownProcess(WORK.resolve("kafka"));
    // Jetty needs a thread per held answer: 64 in flight plus acceptors and selectors, and in h
    // each late answer holds its thread 2.5 s though its caller gave up after 1 s.
    kore = KoreSimulator.startWithThreads(Math.max(96, 4 * inFlight));
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
    out.println();
    out.println("=== scenario " + scenario.id() + ": " + scenario.title());
    Scenario.LateAnswers late = scenario.lateAnswers();
    line(
        "setup",
        "%s; Kore latency %d ms%s; limit %s; %s; service: consumers=%d,"
            + " CAMPAIGN_DELIVERY_IN_FLIGHT=%d%s; floor: %s",
        eventsText(scenario),
        scenario.koreLatency().toMillis(),
        late == null
            ? ""
            : format(
                ", for the first %d s from the first send Kore creates on arrival and answers"
                    + " %d ms later",
                late.lateFor().toSeconds(), late.answerAfter().toMillis()),
        scenario.limitPerMinute() == 0
            ? "none"
            : scenario.limitPerMinute() + "/min per account (simulator and service)",
        scenario.onePartition()
            ? "all on partition 0 of " + partitions + ", keyed by eventId"
            : partitions + " partitions, keyed by eventId",
        serviceThreads,
        inFlight,
        late == null ? "" : ", KORE_HTTP_RESPONSE_TIMEOUT_MS=" + late.clientTimeoutMs(),
        floorSetup(scenario));
    Run service = run(scenario, Side.SERVICE);
    Run floor = floorEnabled && scenario.floor() ? run(scenario, Side.FLOOR) : null;
    report(scenario, service, floor);
  }

  private String floorSetup(Scenario scenario) {
    if (!scenario.floor()) {
      return "n/a for this scenario";
    }
    if (!floorEnabled) {
      return "skipped (bench.floor=false)";
    }
    String text = inFlight + " in flight";
    if (scenario.limitPerMinute() > 0) {
      text += ", calls " + spacingMillis(scenario) + " ms apart per account";
    }
    Scenario.LateAnswers late = scenario.lateAnswers();
    if (late != null) {
      text +=
          format(
              ", %d ms timeout, a timed-out call sent again blindly up to %d calls, %d ms backoff"
                  + " doubling",
              late.clientTimeoutMs(), FLOOR_MAX_ATTEMPTS_H, FLOOR_BACKOFF_MS_H);
    }
    return text;
  }

  private String eventsText(Scenario scenario) {
    if (scenario.hasSmallAccounts()) {
      return String.format(
          Locale.ROOT,
          "%d events on account 1, %d on each of accounts 2-%d, one after every %d of account 1's",
          scenario.events(),
          scenario.smallEvents(),
          scenario.accounts(),
          D_INTERLEAVE_EVERY);
    }
    if (scenario.accounts() > 1) {
      return String.format(
          Locale.ROOT,
          "%d events on each of %d accounts (%d), round-robin",
          scenario.events(),
          scenario.accounts(),
          scenario.totalEvents());
    }
    return scenario.events() + " events on 1 account";
  }

  /** The floor's per-account spacing: the service's, 60 s / (limit - 1), one slot of margin. */
  private static long spacingMillis(Scenario scenario) {
    return scenario.limitPerMinute() == 0
        ? 0
        : (long) Math.ceil(60_000.0 / Math.max(1, scenario.limitPerMinute() - 1));
  }

  /** One pipeline through one scenario, on its own topics and consumer group. */
  private Run run(Scenario scenario, Side side) throws Exception {
    String prefix =
        "bench-"
            + scenario.id()
            + "-"
            + side.name().toLowerCase(Locale.ROOT)
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    String requests = prefix + "-requests";
    String results = prefix + "-results";
    String deadLetter = prefix + "-dead-letter";
    String group = prefix + "-group";
    broker.createTopics(partitions, Map.of(), requests);
    broker.createTopics(1, Map.of(), results, deadLetter);
    prepareKore(scenario);
    Path log = WORK.resolve(prefix + ".log");

    long spawned = System.nanoTime();
    Launched launched =
        side == Side.SERVICE
            ? launchService(scenario, prefix, requests, results, deadLetter, group, log)
            : launchFloor(scenario, prefix, requests, results, group, log);
    try {
      Startup startup =
          awaitReady(
              launched, log, spawned, group, requests, side == Side.SERVICE ? serviceThreads : 1);
      double cpuBefore = ProcStats.cpuSeconds(launched.pid());
      double brokerCpuBefore = ProcStats.cpuSeconds(broker.pid());
      double benchCpuBefore = ProcStats.cpuSeconds(ProcessHandle.current().pid());

      Outcomes outcomes = new Outcomes(List.of(results, deadLetter));
      Thread collector = new Thread(outcomes, "outcome-collector");
      collector.start();
      Scenario.LateAnswers late = scenario.lateAnswers();
      long lateUntil = 0;
      if (late != null) {
        kore.createThenAnswerLate(late.answerAfter());
        lateUntil = System.nanoTime() + late.lateFor().toNanos();
      }
      Map<String, Sent> sent = publish(scenario, requests);
      Set<String> small = new HashSet<>();
      sent.forEach(
          (eventId, s) -> {
            if (scenario.hasSmallAccounts() && s.account() > 0) {
              small.add(eventId);
            }
          });

      long deadline = System.nanoTime() + timeout.toNanos();
      boolean timedOut = false;
      while (true) {
        boolean done =
            scenario.hasSmallAccounts()
                ? outcomes.countOf(small) == small.size()
                : outcomes.countOf(sent.keySet()) == sent.size();
        if (done) {
          break;
        }
        if (late != null && lateUntil != 0 && System.nanoTime() > lateUntil) {
          kore.createThenAnswerLate(Duration.ZERO);
          lateUntil = 0;
        }
        if (!launched.alive().getAsBoolean()) {
          throw new IllegalStateException(side + " exited; see " + log);
        }
        if (System.nanoTime() > deadline) {
          timedOut = true;
          break;
        }
        Thread.sleep(20);
      }
      double cpu = ProcStats.cpuSeconds(launched.pid()) - cpuBefore;
      double brokerCpu = ProcStats.cpuSeconds(broker.pid()) - brokerCpuBefore;
      double benchCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - benchCpuBefore;
      double peakRss = ProcStats.peakRssMb(launched.pid());
      long refused = kore.tooManyRequestsAnswered();
      KoreCounts koreCounts = late == null ? null : KoreCounts.of(kore);
      outcomes.stop();
      collector.join(10_000);
      return new Run(
          side,
          sent,
          small,
          outcomes.snapshot(),
          timedOut,
          cpu,
          brokerCpu,
          benchCpu,
          peakRss,
          refused,
          koreCounts,
          startup,
          log);
    } finally {
      launched.stop().run();
    }
  }

  /** The simulator as the scenario needs it: latency, its accounts, each account's limit. */
  private void prepareKore(Scenario scenario) {
    for (KoreSimulator.Account extra : accounts.subList(2, accounts.size())) {
      kore.removeAccount(extra);
    }
    for (int i = 2; i < scenario.accounts(); i++) {
      kore.addAccount(accounts.get(i));
    }
    // reset() stubs every account still known exactly once and clears limits and counts.
    kore.reset();
    kore.withLatency(scenario.koreLatency());
    if (scenario.limitPerMinute() > 0) {
      for (int i = 0; i < scenario.accounts(); i++) {
        kore.rateLimitPerMinute(accounts.get(i).accountId(), scenario.limitPerMinute());
      }
    }
  }

  private Launched launchService(
      Scenario scenario,
      String prefix,
      String requests,
      String results,
      String deadLetter,
      String group,
      Path log)
      throws IOException {
    Map<String, String> env =
        BridgeProcess.environmentFor(
            broker.bootstrapServers(),
            kore.baseUrl(),
            requests,
            results,
            deadLetter,
            prefix + "-idempotency",
            group);
    env.putAll(jvm.env());
    env.put("CAMPAIGN_DELIVERY_IN_FLIGHT", Integer.toString(inFlight));
    env.put("KORE_RATE_LIMIT_PER_MINUTE", Integer.toString(scenario.limitPerMinute()));
    if (scenario.lateAnswers() != null) {
      env.put(
          "KORE_HTTP_RESPONSE_TIMEOUT_MS",
          Integer.toString(scenario.lateAnswers().clientTimeoutMs()));
    }
    if (scenario.accounts() > 1) {
      // Several tenants: each must be bound to topics; all read the one requests topic.
      env.put("KORE_TOPICS", requests);
    }
    for (int i = 1; i < scenario.accounts(); i++) {
      KoreSimulator.Account account = accounts.get(i);
      String tenant = "KORE_TENANTS__" + tenants.get(i).toUpperCase(Locale.ROOT) + "__";
      env.put(tenant + "STREAM_ID", account.streamId());
      env.put(tenant + "ACCOUNT_ID", account.accountId());
      env.put(tenant + "IID", account.iid());
      env.put(tenant + "CLIENT_ID", account.clientId());
      env.put(tenant + "CLIENT_SECRET", account.clientSecret());
      env.put(tenant + "RATE_LIMIT_PER_MINUTE", Integer.toString(scenario.limitPerMinute()));
      env.put(tenant + "TOPICS", requests);
    }
    BridgeProcess service = BridgeProcess.start(env, log.toFile(), jvm.args());
    return new Launched(service.pid(), service::isAlive, service::close);
  }

  /**
   * The floor in its own JVM, on this JVM's classpath, with the same JVM options as the service.
   */
  private Launched launchFloor(
      Scenario scenario, String prefix, String requests, String results, String group, Path log)
      throws IOException {
    Properties config = new Properties();
    config.setProperty("bootstrap", broker.bootstrapServers());
    config.setProperty("requests", requests);
    config.setProperty("results", results);
    config.setProperty("group", group);
    config.setProperty("kore-base-url", kore.baseUrl());
    config.setProperty("in-flight", Integer.toString(inFlight));
    config.setProperty("spacing-ms", Long.toString(spacingMillis(scenario)));
    if (scenario.lateAnswers() != null) {
      config.setProperty(
          "response-timeout-ms", Integer.toString(scenario.lateAnswers().clientTimeoutMs()));
      config.setProperty("max-attempts", Integer.toString(FLOOR_MAX_ATTEMPTS_H));
      config.setProperty("backoff-ms", Long.toString(FLOOR_BACKOFF_MS_H));
    }
    for (int i = 0; i < scenario.accounts(); i++) {
      KoreSimulator.Account account = accounts.get(i);
      String key = "tenant." + tenants.get(i) + ".";
      config.setProperty(key + "account-id", account.accountId());
      config.setProperty(key + "stream-id", account.streamId());
      config.setProperty(key + "iid", account.iid());
      config.setProperty(key + "token", KoreSimulator.tokenFor(account));
    }
    Path file = WORK.resolve(prefix + "-floor.properties");
    try (Writer writer = Files.newBufferedWriter(file)) {
      config.store(writer, "floor pipeline of scenario " + scenario.id());
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm.args());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FloorPipeline.class.getName());
    command.add(file.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(jvm.env());
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = builder.start();
    return new Launched(
        process.pid(),
        process::isAlive,
        () -> {
          process.destroy();
          try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
              process.destroyForcibly();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
          }
        });
  }

  /** What one run measured, worked out from its events and outcomes. */
  private record Figures(
      int done,
      int sent,
      int created,
      Map<String, Integer> failed,
      double seconds,
      double eventsPerSecond,
      List<Long> latencies,
      List<Long> smallLatencies,
      double achievedPerMinute,
      double cpuMsPerEvent,
      double brokerMsPerEvent,
      double benchMsPerEvent) {

    static Figures of(Run run) {
      List<Long> latencies = new ArrayList<>();
      List<Long> smallLatencies = new ArrayList<>();
      List<Long> mainOutcomeTimes = new ArrayList<>();
      long firstSend = Long.MAX_VALUE;
      long lastOutcome = Long.MIN_VALUE;
      int created = 0;
      Map<String, Integer> failed = new TreeMap<>();
      for (Map.Entry<String, Sent> entry : run.sent().entrySet()) {
        Sent s = entry.getValue();
        firstSend = Math.min(firstSend, s.timestamp());
        Outcome o = run.outcomes().get(entry.getKey());
        if (o == null) {
          continue;
        }
        long latency = o.timestamp() - s.timestamp();
        if (run.small().contains(entry.getKey())) {
          smallLatencies.add(latency);
        } else {
          latencies.add(latency);
        }
        if (s.account() == 0) {
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
      double achieved = Double.NaN;
      if (mainOutcomeTimes.size() > 1) {
        mainOutcomeTimes.sort(null);
        long span = mainOutcomeTimes.get(mainOutcomeTimes.size() - 1) - mainOutcomeTimes.get(0);
        achieved = (mainOutcomeTimes.size() - 1) * 60_000.0 / span;
      }
      return new Figures(
          done,
          run.sent().size(),
          created,
          failed,
          seconds,
          done / seconds,
          latencies,
          smallLatencies,
          achieved,
          perEvent(run.cpu(), done),
          perEvent(run.brokerCpu(), done),
          perEvent(run.benchCpu(), done));
    }

    private static double perEvent(double cpuSeconds, int done) {
      return done == 0 ? Double.NaN : cpuSeconds * 1000 / done;
    }
  }

  private void report(Scenario scenario, Run serviceRun, Run floorRun) {
    Figures service = Figures.of(serviceRun);
    Figures floor = floorRun == null ? null : Figures.of(floorRun);
    String floorNote = !scenario.floor() ? NA : "skipped";
    out.println(
        String.format(
            Locale.ROOT, "%-24s%-22s%-22s%-10s%s", "", "service", "floor", "ratio", "target"));
    row(
        "outcomes",
        outcomesText(service, serviceRun),
        floor == null ? floorNote : outcomesText(floor, floorRun),
        "",
        "");
    if (!service.failed().isEmpty() || (floor != null && !floor.failed().isEmpty())) {
      row(
          "FAILED by reason",
          service.failed().toString(),
          floor == null ? "" : floor.failed().toString(),
          "",
          "");
    }
    verdicts.clear();
    String first = scenario.hasSmallAccounts() ? "send -> small done" : "first send -> last";
    row(
        first,
        format("%.2f s", service.seconds()),
        floor == null ? floorNote : format("%.2f s", floor.seconds()),
        ratio(service.seconds(), floor == null ? Double.NaN : floor.seconds()),
        scenario.id().equals("e")
            ? verdict(
                !serviceRun.timedOut()
                    && service.seconds() <= TARGET_DRAIN_FACTOR_E * scenario.budgetBoundSeconds(),
                "service <= %.1f x %.2f s = %.2f s",
                TARGET_DRAIN_FACTOR_E,
                scenario.budgetBoundSeconds(),
                TARGET_DRAIN_FACTOR_E * scenario.budgetBoundSeconds())
            : "");
    boolean throughputTarget = scenario.id().equals("a") || scenario.id().equals("b");
    row(
        "events/s",
        format("%.1f", service.eventsPerSecond()),
        floor == null ? floorNote : format("%.1f", floor.eventsPerSecond()),
        ratio(service.eventsPerSecond(), floor == null ? Double.NaN : floor.eventsPerSecond()),
        throughputTarget
            ? floorVerdict(
                floor,
                () ->
                    !serviceRun.timedOut()
                        && service.eventsPerSecond()
                            >= TARGET_SHARE_OF_FLOOR * floor.eventsPerSecond(),
                ">= %.1f x floor",
                TARGET_SHARE_OF_FLOOR)
            : "");
    if (scenario.hasSmallAccounts()) {
      row(
          "latency small accounts",
          percentiles(service.smallLatencies()),
          floorNote,
          "",
          verdict(
              !serviceRun.timedOut()
                  && percentile(service.smallLatencies(), 99) < TARGET_SMALL_P99_MS_D,
              "service p99 < %d ms",
              TARGET_SMALL_P99_MS_D));
      row("latency account 1", percentiles(service.latencies()), floorNote, "", "");
    } else {
      row(
          "latency p50/p99/max",
          percentiles(service.latencies()),
          floor == null ? floorNote : percentiles(floor.latencies()),
          ratio(p99(service.latencies()), floor == null ? Double.NaN : p99(floor.latencies())),
          "");
    }
    if (scenario.lateAnswers() != null) {
      KoreCounts counts = serviceRun.koreCounts();
      row(
          "campaigns per request",
          campaignsText(counts, serviceRun),
          floor == null ? floorNote : campaignsText(floorRun.koreCounts(), floorRun),
          ratio(
              campaignsPerRequest(counts, serviceRun),
              floor == null ? Double.NaN : campaignsPerRequest(floorRun.koreCounts(), floorRun)),
          verdict(
              !serviceRun.timedOut()
                  && counts.campaigns() == serviceRun.sent().size()
                  && counts.names() == serviceRun.sent().size()
                  && counts.duplicatedNames() == 0,
              "service 1.00, one per request"));
      row(
          "list calls (reconcile)",
          Integer.toString(counts.listCalls()),
          floor == null ? floorNote : Integer.toString(floorRun.koreCounts().listCalls()),
          "",
          "");
    }
    if (scenario.limitPerMinute() > 0) {
      row(
          "account 1 rate /min",
          format("%.1f", service.achievedPerMinute()),
          floor == null ? floorNote : format("%.1f", floor.achievedPerMinute()),
          ratio(
              service.achievedPerMinute(), floor == null ? Double.NaN : floor.achievedPerMinute()),
          scenario.id().equals("c")
              ? verdict(
                  !serviceRun.timedOut()
                      && service.achievedPerMinute()
                          >= TARGET_SHARE_OF_LIMIT_C * scenario.limitPerMinute(),
                  "service >= 97 %% of %d/min",
                  scenario.limitPerMinute())
              : "");
    }
    boolean cpuTarget = scenario.id().equals("a");
    row(
        "CPU ms/event pipeline",
        format("%.2f", service.cpuMsPerEvent()),
        floor == null ? floorNote : format("%.2f", floor.cpuMsPerEvent()),
        ratio(service.cpuMsPerEvent(), floor == null ? Double.NaN : floor.cpuMsPerEvent()),
        cpuTarget
            ? floorVerdict(
                floor,
                () -> service.cpuMsPerEvent() <= TARGET_CPU_FACTOR * floor.cpuMsPerEvent(),
                "<= %.1f x floor",
                TARGET_CPU_FACTOR)
            : "");
    row(
        "CPU ms/event broker",
        format("%.2f", service.brokerMsPerEvent()),
        floor == null ? floorNote : format("%.2f", floor.brokerMsPerEvent()),
        ratio(service.brokerMsPerEvent(), floor == null ? Double.NaN : floor.brokerMsPerEvent()),
        cpuTarget
            ? floorVerdict(
                floor,
                () -> service.brokerMsPerEvent() <= TARGET_CPU_FACTOR * floor.brokerMsPerEvent(),
                "<= %.1f x floor's",
                TARGET_CPU_FACTOR)
            : "");
    row(
        "CPU ms/event bench JVM",
        format("%.2f", service.benchMsPerEvent()),
        floor == null ? floorNote : format("%.2f", floor.benchMsPerEvent()),
        ratio(service.benchMsPerEvent(), floor == null ? Double.NaN : floor.benchMsPerEvent()),
        "(simulator, producer, collector)");
    if (scenario.id().equals("a")) {
      cpuPerEventA.put(Side.SERVICE, service.cpuMsPerEvent());
      if (floor != null) {
        cpuPerEventA.put(Side.FLOOR, floor.cpuMsPerEvent());
      }
    }
    if (scenario.id().equals("b")) {
      Double serviceA = cpuPerEventA.get(Side.SERVICE);
      Double floorA = cpuPerEventA.get(Side.FLOOR);
      row(
          "CPU/event b vs a",
          serviceA == null
              ? NA + " (no a)"
              : format("%.2f x a's", service.cpuMsPerEvent() / serviceA),
          floor == null || floorA == null
              ? NA
              : format("%.2f x a's", floor.cpuMsPerEvent() / floorA),
          "",
          serviceA == null
              ? "service close to a's (<= " + TARGET_CPU_FACTOR + " x) n/a"
              : verdict(
                  service.cpuMsPerEvent() <= TARGET_CPU_FACTOR * serviceA,
                  "service close to a's (<= %.1f x)",
                  TARGET_CPU_FACTOR));
    }
    boolean limited = scenario.limitPerMinute() > 0;
    row(
        "429s from Kore",
        Long.toString(serviceRun.refused()),
        floor == null ? floorNote : Long.toString(floorRun.refused()),
        "",
        limited && !scenario.id().equals("d")
            ? verdict(serviceRun.refused() == 0, "service 0")
            : "");
    row(
        "peak RSS MB",
        format("%.0f", serviceRun.peakRss()),
        floor == null ? floorNote : format("%.0f", floorRun.peakRss()),
        ratio(serviceRun.peakRss(), floor == null ? Double.NaN : floorRun.peakRss()),
        verdict(
            serviceRun.peakRss() <= TARGET_PEAK_RSS_MB, "service <= %.0f MB", TARGET_PEAK_RSS_MB));
    Startup startup = serviceRun.startup();
    row(
        "ready (consuming) s",
        format("%.2f", startup.assignedSeconds()),
        floor == null ? floorNote : format("%.2f", floorRun.startup().assignedSeconds()),
        ratio(
            startup.assignedSeconds(),
            floor == null ? Double.NaN : floorRun.startup().assignedSeconds()),
        verdict(
            startup.assignedSeconds() < TARGET_READY_SECONDS,
            "service < %.0f s",
            TARGET_READY_SECONDS));
    line(
        "service start-up",
        "process start -> Quarkus \"started in\" line %.2f s (Quarkus says %s s); all %d"
            + " partitions first assigned %.2f s; %d consumer(s) when publishing began",
        startup.startedSeconds(),
        startup.quarkusSays(),
        partitions,
        startup.assignedSeconds(),
        startup.members());
    line("logs", "%s%s", serviceRun.log(), floorRun == null ? "" : ", " + floorRun.log());
    line("targets", "%s", String.join(" | ", verdicts));
    summary.add(
        String.format(
            Locale.ROOT,
            "%s: service %.1f events/s%s, %.2f CPU ms/event%s,%s RSS %.0f MB, ready %.2f s,"
                + " 429s %d -> %s",
            scenario.id(),
            service.eventsPerSecond(),
            floor == null
                ? ""
                : format(
                    " (floor %.1f, ratio %.2f)",
                    floor.eventsPerSecond(), service.eventsPerSecond() / floor.eventsPerSecond()),
            service.cpuMsPerEvent(),
            floor == null ? "" : format(" (floor %.2f)", floor.cpuMsPerEvent()),
            serviceRun.koreCounts() == null
                ? ""
                : format(
                    " campaigns/request %.2f%s, list calls %d,",
                    campaignsPerRequest(serviceRun.koreCounts(), serviceRun),
                    floor == null
                        ? ""
                        : format(
                            " (floor %.2f)", campaignsPerRequest(floorRun.koreCounts(), floorRun)),
                    serviceRun.koreCounts().listCalls()),
            serviceRun.peakRss(),
            startup.assignedSeconds(),
            serviceRun.refused(),
            String.join(" | ", verdicts)));
  }

  private static String outcomesText(Figures figures, Run run) {
    String text =
        run.small().isEmpty()
            ? figures.done() + " of " + figures.sent()
            : format(
                "%d of %d small, %d of %d acct 1",
                figures.smallLatencies().size(),
                run.small().size(),
                figures.latencies().size(),
                figures.sent() - run.small().size());
    return text + (run.timedOut() ? " STOPPED" : "");
  }

  private static double campaignsPerRequest(KoreCounts counts, Run run) {
    return run.sent().isEmpty() ? Double.NaN : (double) counts.campaigns() / run.sent().size();
  }

  private static String campaignsText(KoreCounts counts, Run run) {
    return format("%.2f, %d twice+", campaignsPerRequest(counts, run), counts.duplicatedNames());
  }

  /** One table row; a target with a verdict also goes to the scenario's "targets" line. */
  private void row(String label, String service, String floor, String ratio, String target) {
    if (target.endsWith(" PASS") || target.endsWith(" MISS") || target.endsWith(" " + NA)) {
      verdicts.add(label + " " + target);
    }
    out.println(
        (cell(label, 24) + cell(service, 22) + cell(floor, 22) + cell(ratio, 10) + target)
            .stripTrailing());
  }

  /** {@code text} padded to {@code width}, or followed by one space when it is wider. */
  private static String cell(String text, int width) {
    return text.length() >= width
        ? text + " "
        : String.format(Locale.ROOT, "%-" + width + "s", text);
  }

  private void line(String label, String format, Object... args) {
    out.println(
        String.format(Locale.ROOT, "%-24s", label) + String.format(Locale.ROOT, format, args));
  }

  private static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String ratio(double service, double floor) {
    return Double.isNaN(service) || Double.isNaN(floor) || floor == 0
        ? ""
        : format("%.2f", service / floor);
  }

  /** The verdict text, also collected for the scenario's "targets" line. */
  private static String verdict(boolean met, String target, Object... args) {
    return format(target, args) + (met ? " PASS" : " MISS");
  }

  /** A target relative to the floor: n/a when the floor did not run. */
  private static String floorVerdict(
      Figures floor, BooleanSupplier met, String target, Object... args) {
    if (floor == null) {
      return format(target, args) + " " + NA;
    }
    return verdict(met.getAsBoolean(), target, args);
  }

  private static String percentiles(List<Long> values) {
    if (values.isEmpty()) {
      return "no outcomes";
    }
    return format(
        "%d/%d/%d ms", percentile(values, 50), percentile(values, 99), percentile(values, 100));
  }

  private static double p99(List<Long> values) {
    return values.isEmpty() ? Double.NaN : percentile(values, 99);
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

  /**
   * Publishes every event of the scenario as fast as the producer goes (so they are queued); the
   * record timestamp is the send time latency is measured from.
   */
  private Map<String, Sent> publish(Scenario scenario, String topic) throws IOException {
    ObjectNode sample = (ObjectNode) json.readTree(Samples.bytes("campaign-request.json"));
    Map<String, Sent> sent = new LinkedHashMap<>();
    int[] counts = new int[scenario.accounts()];
    for (int account : order(scenario)) {
      int i = counts[account]++;
      String tenant = tenants.get(account);
      String eventId = UUID.randomUUID().toString();
      ObjectNode event = sample.deepCopy();
      event.put("eventId", eventId);
      event.put("tenant", tenant);
      ((ObjectNode) event.get("campaign"))
          .put("name", "bench " + scenario.id() + " " + tenant + " " + i);
      long now = System.currentTimeMillis();
      producer.send(
          new ProducerRecord<>(
              topic,
              scenario.onePartition() ? 0 : null,
              now,
              eventId.getBytes(StandardCharsets.UTF_8),
              json.writeValueAsBytes(event)));
      sent.put(eventId, new Sent(account, now));
    }
    producer.flush();
    return sent;
  }

  /** The account (index) of each event, in publishing order. */
  private static List<Integer> order(Scenario scenario) {
    List<Integer> order = new ArrayList<>();
    if (scenario.roundRobin()) {
      for (int i = 0; i < scenario.events(); i++) {
        for (int account = 0; account < scenario.accounts(); account++) {
          order.add(account);
        }
      }
    } else if (scenario.hasSmallAccounts()) {
      // Scenario d: the small accounts' events sit among the first of the large backlog.
      int smallLeft = (scenario.accounts() - 1) * scenario.smallEvents();
      int next = 0;
      for (int i = 0; i < scenario.events(); i++) {
        order.add(0);
        if (i % D_INTERLEAVE_EVERY == D_INTERLEAVE_EVERY - 1 && smallLeft > 0) {
          order.add(1 + next);
          next = (next + 1) % (scenario.accounts() - 1);
          smallLeft--;
        }
      }
      for (; smallLeft > 0; smallLeft--) {
        order.add(1 + next);
        next = (next + 1) % (scenario.accounts() - 1);
      }
    } else {
      for (int i = 0; i < scenario.events(); i++) {
        order.add(0);
      }
    }
    return order;
  }

  /**
   * Ready (consuming) is when the group first holds every partition of the requests topic; for the
   * service also the Quarkus "started in" line. Publishing waits until {@code members} consumers
   * have joined (or the assignment has not changed for 5 s), so no rebalance falls into the run.
   */
  private Startup awaitReady(
      Launched launched, Path log, long spawned, String group, String topic, int members)
      throws Exception {
    long deadline = spawned + TimeUnit.SECONDS.toNanos(90);
    double startedSeconds = Double.NaN;
    String quarkusSays = "?";
    double assignedSeconds = Double.NaN;
    String lastAssignment = "";
    long sameSince = 0;
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      while (System.nanoTime() < deadline) {
        if (!launched.alive().getAsBoolean()) {
          throw new IllegalStateException("exited during start-up; see " + log);
        }
        if (Double.isNaN(startedSeconds) && Files.exists(log)) {
          Matcher started = STARTED.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
          if (started.find()) {
            startedSeconds = (System.nanoTime() - spawned) / 1e9;
            quarkusSays = started.group(1);
          }
        }
        ConsumerGroupDescription description;
        try {
          description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        } catch (java.util.concurrent.ExecutionException notYet) {
          // The group does not exist until the first consumer joins.
          Thread.sleep(20);
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
          if (description.members().size() >= members
              || now - sameSince > TimeUnit.SECONDS.toNanos(5)) {
            return new Startup(
                startedSeconds, quarkusSays, assignedSeconds, description.members().size());
          }
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("the consumers never held every partition; see " + log);
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

  /** Accounts 3 to 25 of the simulator, in the shape of its own two. */
  private static KoreSimulator.Account account(int n) {
    String suffix = String.format(Locale.ROOT, "%05d", n);
    return new KoreSimulator.Account(
        "67777ce93e25326494e" + suffix,
        "st-0603182c-7ffb-53c3-b307-47ca14b" + suffix,
        "st-0603182c-7ffb-53c3-b307-47ca14b" + suffix,
        "cs-5b2a0c1e-1d7e-5a8e-9a47-3f0c8d2" + suffix,
        String.format(Locale.ROOT, "simulator-client-secret-%04d-0123456789abcdef", n));
  }

  /** A started pipeline process: its pid, whether it still runs, and how to stop it. */
  private record Launched(long pid, BooleanSupplier alive, Runnable stop) {}

  private record Sent(int account, long timestamp) {}

  /** An outcome's record timestamp (when the pipeline published it) and its reason if FAILED. */
  private record Outcome(long timestamp, String reason) {}

  private record Startup(
      double startedSeconds, String quarkusSays, double assignedSeconds, int members) {}

  private record Run(
      Side side,
      Map<String, Sent> sent,
      Set<String> small,
      Map<String, Outcome> outcomes,
      boolean timedOut,
      double cpu,
      double brokerCpu,
      double benchCpu,
      double peakRss,
      long refused,
      KoreCounts koreCounts,
      Startup startup,
      Path log) {}

  /**
   * What the simulator saw of one run (h): campaigns created, campaign names created more than once
   * (all names are the run's, the simulator is reset before it) and campaign-list calls.
   */
  private record KoreCounts(int campaigns, int names, int duplicatedNames, int listCalls) {
    static KoreCounts of(KoreSimulator kore) {
      Map<String, Integer> perName = kore.campaignsCreatedPerName();
      int campaigns = perName.values().stream().mapToInt(Integer::intValue).sum();
      int duplicated = (int) perName.values().stream().filter(n -> n > 1).count();
      return new KoreCounts(campaigns, perName.size(), duplicated, kore.listRequests().size());
    }
  }

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
