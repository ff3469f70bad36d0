package io.korebridge.delivery;

import static io.korebridge.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.korebridge.testsupport.BridgeProcess;
import io.korebridge.testsupport.OwnProcessStack;
import io.korebridge.testsupport.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crash tests of the packaged service (a separate process) against a real Kafka broker (its own
 * process, so it can be killed and restarted on the same port and data) and the Kore simulator.
 * Each sends {@value #EVENTS} events with unique campaign names, breaks something mid-run, and
 * checks that every event still gets an outcome, that duplicate outcomes stay within what was in
 * flight, and that Kore holds exactly one campaign per event (call intents and reconciliation).
 */
class CrashRecoveryIT {

  private static final int EVENTS = 500;
  private static final int BREAK_AFTER_KORE_REQUESTS = 150;
  private static final Duration KORE_LATENCY = Duration.ofMillis(10);

  /** A slow but healthy Kore: a kill finds many calls in flight, their answers lost. */
  private static final Duration SLOW_KORE_LATENCY = Duration.ofSeconds(2);

  private static final Duration BROKER_DOWN = Duration.ofSeconds(5);

  /** The broker down long enough for the service to be killed in the middle of it. */
  private static final Duration LONG_BROKER_DOWN = Duration.ofSeconds(20);

  private static final int SHORT_RUN_EVENTS = 100;
  private static final int SHORT_RUN_BREAK_AFTER = 30;
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
  private static final Path WORK = Path.of("target", "crash-it");

  /** The promise: outcomes flow again within 15 s of the fault being over. */
  private static final Duration RECOVERY = Duration.ofSeconds(15);

  @RegisterExtension static final OwnProcessStack STACK = new OwnProcessStack(WORK);

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void service_killed_mid_run_loses_no_event_and_creates_one_campaign_per_event() throws Exception {
    Scenario scenario = new Scenario("service-kill", SLOW_KORE_LATENCY);
    scenario.sendEvents();

    BridgeProcess bridge = scenario.startBridge();
    awaitKoreRequests(scenario, BREAK_AFTER_KORE_REQUESTS, bridge);
    bridge.kill();
    long killedAt = System.nanoTime();

    // The service is dead: the request log, the committed offset and the outcomes stand still.
    List<String> calledAtKill = scenario.campaignNamesCalled();
    long committedAtKill = scenario.committedOffset();
    int outcomesAtKill = scenario.outcomes().size();
    int inFlight = scenario.calledButNotCommitted(calledAtKill, committedAtKill);

    Duration recovery;
    try (BridgeProcess restarted = scenario.startBridge()) {
      recovery = scenario.awaitNewOutcome(outcomesAtKill, killedAt, restarted);
      scenario.awaitEveryOutcome(restarted);
    }

    scenario.report(
        Map.of(
            "koreRequestsAtKill",
            calledAtKill.size(),
            "outcomesAtKill",
            outcomesAtKill,
            "koreRequestsMinusOutcomesAtKill",
            calledAtKill.size() - outcomesAtKill,
            "committedOffsetAtKill",
            committedAtKill,
            "inFlightAtKill",
            inFlight,
            "recoveryMillisAfterKill",
            recovery.toMillis()),
        inFlight);
    // The first outcome after the restart waits for one Kore call, which this run makes slow.
    assertThat(recovery)
        .as("outcomes flow again after the kill")
        .isLessThanOrEqualTo(RECOVERY.plus(SLOW_KORE_LATENCY));
  }

  @Test
  void broker_restarted_mid_run_loses_no_event_and_repeats_at_most_what_was_in_flight()
      throws Exception {
    Scenario scenario = new Scenario("broker-restart", KORE_LATENCY);
    scenario.sendEvents();

    try (BridgeProcess bridge = scenario.startBridge()) {
      awaitKoreRequests(scenario, BREAK_AFTER_KORE_REQUESTS, bridge);
      // The worst moment for the broker to go: Kore is creating a campaign whose outcome and
      // offset commit will find no broker. Kore holds its answers so the kill lands there.
      STACK.kore().delayAnswers(Duration.ofSeconds(2));
      int before = STACK.kore().campaignRequests().size();
      // The second request from now surely arrived after the delay was set: it is being held.
      awaitKoreRequests(scenario, before + 2, bridge);
      Thread.sleep(200);
      long committedAtStop = scenario.committedOffset();
      // Kore holds every answer now, so no outcome is published between this count and the kill.
      int outcomesBeforeRestart = scenario.outcomesSoFar();
      STACK.broker().kill();
      List<String> calledAtStop = scenario.campaignNamesCalled();
      int inFlight = scenario.calledButNotCommitted(calledAtStop, committedAtStop);
      STACK.kore().delayAnswers(KORE_LATENCY);
      Thread.sleep(BROKER_DOWN.toMillis());
      STACK.broker().start();
      long backAt = System.nanoTime();
      Duration recovery = scenario.awaitNewOutcome(outcomesBeforeRestart, backAt, bridge);

      scenario.awaitEveryOutcome(bridge);

      scenario.report(
          Map.of(
              "koreRequestsAtBrokerKill",
              calledAtStop.size(),
              "committedOffsetAtBrokerKill",
              committedAtStop,
              "inFlightAtBrokerKill",
              inFlight,
              "brokerDownSeconds",
              BROKER_DOWN.toSeconds(),
              "recoveryMillisAfterBrokerBack",
              recovery.toMillis()),
          inFlight);
      assertThat(recovery)
          .as("outcomes flow again after the broker is back")
          .isLessThanOrEqualTo(RECOVERY);
    }
  }

  @Test
  void broker_down_and_service_killed_meanwhile_creates_one_campaign_per_event() throws Exception {
    Scenario scenario = new Scenario("broker-down-kill", SLOW_KORE_LATENCY, SHORT_RUN_EVENTS);
    scenario.sendEvents();

    BridgeProcess bridge = scenario.startBridge();
    awaitKoreRequests(scenario, SHORT_RUN_BREAK_AFTER, bridge);
    // Kore keeps answering: the calls in flight end while no broker can take their results.
    long committedAtBrokerKill = scenario.committedOffset();
    STACK.broker().kill();
    long brokerKilledAt = System.nanoTime();
    List<String> calledAtBrokerKill = scenario.campaignNamesCalled();
    Thread.sleep(LONG_BROKER_DOWN.toMillis() / 2);
    // Answers are in by now, their results recorded nowhere; the service dies with them.
    bridge.kill();
    List<String> calledAtServiceKill = scenario.campaignNamesCalled();
    int inFlight = scenario.calledButNotCommitted(calledAtServiceKill, committedAtBrokerKill);
    Thread.sleep(
        Math.max(
            0, LONG_BROKER_DOWN.toMillis() - (System.nanoTime() - brokerKilledAt) / 1_000_000));
    long brokerDownMillis = (System.nanoTime() - brokerKilledAt) / 1_000_000;
    STACK.broker().start();
    long backAt = System.nanoTime();
    // The service is dead: outcomes published before the broker went are all there is.
    int outcomesBeforeRestart = scenario.outcomesSoFar();

    Duration recovery;
    try (BridgeProcess restarted = scenario.startBridge()) {
      recovery = scenario.awaitNewOutcome(outcomesBeforeRestart, backAt, restarted);
      scenario.awaitEveryOutcome(restarted);
    }

    scenario.report(
        Map.of(
            "koreRequestsAtBrokerKill",
            calledAtBrokerKill.size(),
            "koreRequestsAtServiceKill",
            calledAtServiceKill.size(),
            "outcomesBeforeRestart",
            outcomesBeforeRestart,
            "committedOffsetAtBrokerKill",
            committedAtBrokerKill,
            "inFlightAtBreak",
            inFlight,
            "brokerDownMillis",
            brokerDownMillis,
            "recoveryMillisAfterBrokerBack",
            recovery.toMillis(),
            "listRequests",
            STACK.kore().listRequests().size()),
        inFlight);
    // Without calls in flight at the break the run proves nothing.
    assertThat(inFlight).as("calls in flight when the broker went").isPositive();
  }

  @Test
  void service_stopped_with_sigterm_mid_run_finishes_its_calls_and_exits_cleanly()
      throws Exception {
    Scenario scenario = new Scenario("sigterm", KORE_LATENCY);
    STACK.kore().delayAnswers(Duration.ofMillis(200));
    scenario.sendEvents();

    BridgeProcess bridge = scenario.startBridge();
    awaitKoreRequests(scenario, BREAK_AFTER_KORE_REQUESTS, bridge);
    long stoppingAt = System.nanoTime();
    // The Deployment's terminationGracePeriodSeconds.
    java.util.OptionalInt exit = bridge.terminate(Duration.ofSeconds(60));
    Duration stopping = Duration.ofNanos(System.nanoTime() - stoppingAt);
    List<String> calledAtExit = scenario.campaignNamesCalled();
    long committedAtExit = scenario.committedOffset();
    int notCommitted = scenario.calledButNotCommitted(calledAtExit, committedAtExit);
    long internalErrors =
        scenario.outcomes().stream()
            .filter(r -> scenario.isFailedWith(r, "INTERNAL_ERROR"))
            .count();

    try (BridgeProcess restarted = scenario.startBridge()) {
      scenario.awaitEveryOutcome(restarted);
    }
    scenario.report(
        Map.of(
            "koreRequestsAtExit", calledAtExit.size(),
            "committedOffsetAtExit", committedAtExit,
            "calledButNotCommittedAtExit", notCommitted,
            "internalErrorOutcomes", internalErrors,
            "stoppingMillis", stopping.toMillis()),
        0);
    assertThat(exit).as("exit code within the grace period").hasValue(0);
    assertThat(notCommitted).as("calls finished, published and committed before exit").isZero();
    assertThat(internalErrors).as("nothing interrupted became an outcome").isZero();
  }

  private static void awaitKoreRequests(Scenario scenario, int count, BridgeProcess bridge)
      throws InterruptedException {
    await(
        () -> {
          if (!bridge.isAlive()) {
            throw new AssertionError("the service exited; see " + scenario.log());
          }
          return STACK.kore().campaignRequests().size() >= count;
        },
        Duration.ofMillis(50),
        "Kore to receive " + count + " requests; see " + scenario.log());
  }

  private static void await(BooleanSupplier condition, Duration every, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(every.toMillis());
    }
  }

  /** One run: its own topics and consumer group on the shared broker, its own campaign names. */
  private final class Scenario {
    private final String name;
    private final String requests;
    private final String results;
    private final String deadLetter;
    private final String group;
    private final Map<String, String> eventIdByCampaign = new TreeMap<>();
    private final Map<String, Integer> offsetByCampaign = new HashMap<>();
    private final int events;
    private final Map<String, String> settings = new TreeMap<>();
    private String lastCommittedMetadata;

    Scenario(String name, Duration koreLatency) {
      this(name, koreLatency, EVENTS);
    }

    Scenario(String name, Duration koreLatency, int events) {
      this.name = name;
      this.events = events;
      this.requests = name + "-requests";
      this.results = name + "-results";
      this.deadLetter = name + "-dead-letter";
      this.group = name + "-bridge";
      STACK.broker().createTopics(requests, results, deadLetter);
      STACK.kore().reset();
      STACK.kore().delayAnswers(koreLatency);
    }

    /** Sets a service setting (environment variable) for every start from now on. */
    Scenario with(String variable, String value) {
      settings.put(variable, value);
      return this;
    }

    Path log() {
      return WORK.resolve(name + "-service.log");
    }

    void sendEvents() throws IOException {
      ObjectNode sample = (ObjectNode) json.readTree(Samples.bytes("campaign-request.json"));
      for (int i = 0; i < events; i++) {
        String eventId = UUID.randomUUID().toString();
        String campaign = name + "-campaign-" + i;
        ObjectNode event = sample.deepCopy();
        event.put("eventId", eventId);
        ((ObjectNode) event.get("campaign")).put("name", campaign);
        // A fresh single-partition topic: the i-th event sent lands at offset i.
        STACK.kafka().send(requests, "crm-" + i, json.writeValueAsBytes(event));
        eventIdByCampaign.put(campaign, eventId);
        offsetByCampaign.put(campaign, i);
      }
    }

    BridgeProcess startBridge() throws IOException {
      Map<String, String> env =
          STACK.bridgeEnvironment(requests, results, deadLetter, name + "-idempotency", group);
      // 500 calls within minutes: the simulator has no rate limit, so neither does the bridge here.
      env.put("KORE_RATE_LIMIT_PER_MINUTE", "0");
      env.putAll(settings);
      Files.writeString(
          log(),
          "---- service started " + java.time.Instant.now() + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      // Default settings: the killed member's partition is handed over after its 8 s session.
      return BridgeProcess.start(env, log().toFile(), List.of("-Xmx384m"));
    }

    /** Campaign names of every create-campaign request Kore received, in arrival order. */
    List<String> campaignNamesCalled() {
      List<String> names = new ArrayList<>();
      for (LoggedRequest request : STACK.kore().campaignRequests()) {
        try {
          String campaign = json.readTree(request.getBodyAsString()).path("name").asText();
          if (eventIdByCampaign.containsKey(campaign)) {
            names.add(campaign);
          }
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
      return names;
    }

    /**
     * Events whose campaign Kore was asked for but whose request is not committed: at or above the
     * committed offset and not among the finished offsets that commit's metadata names (both from
     * the last {@link #committedOffset} read).
     */
    int calledButNotCommitted(List<String> called, long committed) {
      Set<Long> finishedAbove = FinishedAbove.decode(committed, lastCommittedMetadata);
      return (int)
          called.stream()
              .distinct()
              .map(offsetByCampaign::get)
              .filter(offset -> offset >= committed && !finishedAbove.contains((long) offset))
              .count();
    }

    long committedOffset() throws Exception {
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.broker().bootstrapServers()))) {
        OffsetAndMetadata committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)
                .get(new TopicPartition(requests, 0));
        lastCommittedMetadata = committed == null ? null : committed.metadata();
        return committed == null ? 0 : committed.offset();
      }
    }

    int outcomesSoFar() {
      return outcomes().size();
    }

    /** Time from {@code since} until an outcome beyond the first {@code before} is published. */
    Duration awaitNewOutcome(int before, long since, BridgeProcess bridge)
        throws InterruptedException {
      await(
          () -> {
            if (!bridge.isAlive()) {
              throw new AssertionError("the service exited; see " + log());
            }
            try {
              return outcomes().size() > before;
            } catch (RuntimeException brokerNotBackYet) {
              return false;
            }
          },
          Duration.ofMillis(100),
          "a new outcome; see " + log());
      return Duration.ofNanos(System.nanoTime() - since);
    }

    List<ConsumerRecord<byte[], byte[]>> outcomes() {
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(STACK.kafka().readToEnd(results));
      all.addAll(STACK.kafka().readToEnd(deadLetter));
      return all;
    }

    /** Waits until every event has an outcome and the service has committed the whole topic. */
    void awaitEveryOutcome(BridgeProcess bridge) throws InterruptedException {
      Set<String> expected = new HashSet<>(eventIdByCampaign.values());
      Set<String> seen = new HashSet<>();
      boolean all =
          STACK
              .kafka()
              .follow(
                  List.of(results, deadLetter),
                  record -> seen.add(header(record, "eventId")),
                  () -> {
                    if (!bridge.isAlive()) {
                      throw new AssertionError("the service exited; see " + log());
                    }
                    return seen.containsAll(expected);
                  },
                  RUN_TIMEOUT);
      assertThat(all)
          .as("an outcome for each of the %d events within %s; see %s", events, RUN_TIMEOUT, log())
          .isTrue();
      await(
          () -> {
            try {
              return committedOffset() == events;
            } catch (Exception e) {
              return false;
            }
          },
          Duration.ofMillis(250),
          "the service to commit all " + events + " requests; see " + log());
    }

    void report(Map<String, ? extends Number> atBreak, int inFlight) throws IOException {
      List<ConsumerRecord<byte[], byte[]>> outcomes = outcomes();
      Map<String, Long> outcomesPerEvent =
          outcomes.stream()
              .collect(Collectors.groupingBy(r -> header(r, "eventId"), Collectors.counting()));
      Set<String> created =
          outcomes.stream()
              .filter(r -> "CREATED".equals(header(r, "outcome")))
              .map(r -> header(r, "eventId"))
              .collect(Collectors.toSet());
      Map<String, Long> callsPerCampaign =
          campaignNamesCalled().stream()
              .collect(Collectors.groupingBy(campaign -> campaign, Collectors.counting()));
      long missing =
          eventIdByCampaign.values().stream()
              .filter(id -> !outcomesPerEvent.containsKey(id))
              .count();
      long notCreated =
          eventIdByCampaign.values().stream().filter(id -> !created.contains(id)).count();
      long severalOutcomes = outcomesPerEvent.values().stream().filter(n -> n > 1).count();
      // Campaigns Kore holds, not create calls: a call whose campaign is missing may be repeated.
      long createdTwice =
          STACK.kore().campaignsCreatedPerName().entrySet().stream()
              .filter(e -> eventIdByCampaign.containsKey(e.getKey()))
              .filter(e -> e.getValue() > 1)
              .count();
      Map<String, Integer> campaignsPerName = STACK.kore().campaignsCreatedPerName();
      long notExactlyOneCampaign =
          eventIdByCampaign.keySet().stream()
              .filter(campaign -> campaignsPerName.getOrDefault(campaign, 0) != 1)
              .count();
      long markedDuplicate = outcomes.stream().filter(this::markedDuplicate).count();

      Map<String, Object> numbers = new TreeMap<>(atBreak);
      numbers.put("events", events);
      numbers.put("outcomes", outcomes.size());
      numbers.put("eventsWithoutOutcome", missing);
      numbers.put("eventsNotCreated", notCreated);
      numbers.put("eventsWithSeveralOutcomes", severalOutcomes);
      numbers.put("outcomesMarkedDuplicate", markedDuplicate);
      numbers.put("campaignsCreatedTwiceAtKore", createdTwice);
      numbers.put("eventsWithoutExactlyOneCampaign", notExactlyOneCampaign);
      numbers.put("campaignsAtKore", campaignsPerName.values().stream().mapToLong(n -> n).sum());
      numbers.put("koreRequestsTotal", callsPerCampaign.values().stream().mapToLong(n -> n).sum());
      String line = "[crash test " + name + "] " + numbers;
      System.out.println(line);
      Files.writeString(WORK.resolve(name + "-numbers.txt"), line + "\n");

      assertThat(missing).as("events without an outcome").isZero();
      assertThat(notCreated).as("events without a CREATED outcome").isZero();
      assertThat(createdTwice).as("campaigns created twice at Kore").isZero();
      assertThat(notExactlyOneCampaign).as("events without exactly one campaign at Kore").isZero();
      assertThat(severalOutcomes).as("events with several outcomes").isLessThanOrEqualTo(inFlight);
    }

    boolean isFailedWith(ConsumerRecord<byte[], byte[]> record, String reason) {
      try {
        JsonNode outcome = json.readTree(new String(record.value(), StandardCharsets.UTF_8));
        return reason.equals(outcome.path("reason").asText());
      } catch (IOException e) {
        return false;
      }
    }

    private boolean markedDuplicate(ConsumerRecord<byte[], byte[]> record) {
      try {
        JsonNode outcome = json.readTree(new String(record.value(), StandardCharsets.UTF_8));
        return outcome.path("duplicate").asBoolean(false);
      } catch (IOException e) {
        return false;
      }
    }
  }
}
