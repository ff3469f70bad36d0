package io.korebridge.delivery;

import static io.korebridge.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.testsupport.BridgeProcess;
import io.korebridge.testsupport.OwnProcessStack;
import io.korebridge.testsupport.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rebalance whose revoked partitions have Kore calls running longer than {@code
 * campaign.delivery.revoke-drain-ms}: the old owner gives them up unfinished, the new owner finds
 * their open intents and must ask Kore's list instead of creating again. Two packaged replicas (own
 * processes) on a real broker in its own process and the Kore simulator, which creates each
 * campaign on arrival and answers slowly.
 */
class RebalanceMidCallIT {

  private static final int EVENTS = 80;
  private static final int PARTITIONS = 4;
  // Kore answers in 3 to 7 s (5 s on average): calls end at scattered moments, not in waves that
  // a revocation could happen to catch at their very end.
  private static final int KORE_LATENCY_MIN_MS = 3_000;
  private static final int KORE_LATENCY_MAX_MS = 7_000;
  private static final Duration REVOKE_DRAIN = Duration.ofSeconds(2);
  // Above Kore's latency: every call gets its answer, the drain is what cuts it short.
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(9);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  // Few calls at once, so the backlog lasts until the second replica has joined.
  private static final int IN_FLIGHT = 10;
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
  private static final Path WORK = Path.of("target", "rebalance-it");
  private static final Pattern LEFT_UNFINISHED =
      Pattern.compile("(\\d+) running request\\(s\\) of .* did not finish within (\\d+) ms");

  @RegisterExtension static final OwnProcessStack STACK = new OwnProcessStack(WORK);

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void replica_joining_while_calls_outlast_the_revoke_drain_creates_one_campaign_per_event()
      throws Exception {
    Run run = new Run("slow-call-rebalance");
    run.sendEvents();
    Instant joinedAt;
    try {
      run.start("r1");
      // r1 has a full set of calls running at Kore, 3 to 7 s each, and a backlog behind.
      run.awaitKoreRequests(IN_FLIGHT);
      run.start("r2");
      joinedAt = Instant.now();
      run.awaitEveryOutcome();
      run.awaitEverythingCommitted();
    } finally {
      run.stopAll();
    }

    List<ConsumerRecord<byte[], byte[]>> outcomes = run.outcomes();
    Map<String, Long> outcomesPerEvent =
        outcomes.stream()
            .collect(Collectors.groupingBy(r -> header(r, "eventId"), Collectors.counting()));
    Set<String> created =
        outcomes.stream()
            .filter(r -> "CREATED".equals(header(r, "outcome")))
            .map(r -> header(r, "eventId"))
            .collect(Collectors.toSet());
    long withoutOutcome =
        run.eventIdByCampaign.values().stream()
            .filter(id -> !outcomesPerEvent.containsKey(id))
            .count();
    long notCreated =
        run.eventIdByCampaign.values().stream().filter(id -> !created.contains(id)).count();
    // Counted per name by the simulator: a second campaign of one name is a second entry.
    Map<String, Integer> campaignsPerName = STACK.kore().campaignsCreatedPerName();
    long notExactlyOne =
        run.eventIdByCampaign.keySet().stream()
            .filter(campaign -> campaignsPerName.getOrDefault(campaign, 0) != 1)
            .count();
    long createdTwice = campaignsPerName.values().stream().filter(n -> n > 1).count();
    int leftUnfinished = run.leftUnfinishedAtRevoke("r1");
    Map<String, Integer> createsByReplica = run.callsByReplica(STACK.kore().campaignRequests());
    Map<String, Integer> listsByReplica = run.callsByReplica(STACK.kore().listRequests());

    Map<String, Object> numbers = new TreeMap<>();
    numbers.put("events", EVENTS);
    numbers.put("partitions", PARTITIONS);
    numbers.put("koreLatencyMs", KORE_LATENCY_MIN_MS + "-" + KORE_LATENCY_MAX_MS);
    numbers.put("revokeDrainMs", REVOKE_DRAIN.toMillis());
    numbers.put("r2StartedSecondsAfterFirstCall", run.secondsFromFirstCall(joinedAt));
    numbers.put("leftUnfinishedAtRevokeByR1", leftUnfinished);
    numbers.put("createCallsByReplica", createsByReplica);
    numbers.put("listCallsByReplica", listsByReplica);
    numbers.put("campaignsAtKore", campaignsPerName.values().stream().mapToLong(n -> n).sum());
    numbers.put("campaignsCreatedTwiceAtKore", createdTwice);
    numbers.put("eventsWithoutExactlyOneCampaign", notExactlyOne);
    numbers.put("outcomes", outcomes.size());
    numbers.put("eventsWithoutOutcome", withoutOutcome);
    numbers.put("eventsNotCreated", notCreated);
    numbers.put(
        "eventsWithSeveralOutcomes", outcomesPerEvent.values().stream().filter(n -> n > 1).count());
    numbers.put("outcomesReconciled", outcomes.stream().filter(run::reconciled).count());
    numbers.put("outcomesMarkedDuplicate", outcomes.stream().filter(run::duplicate).count());
    String line = "[rebalance test " + run.name + "] " + numbers;
    System.out.println(line);
    Files.writeString(WORK.resolve(run.name + "-numbers.txt"), line + "\n");

    assertThat(createsByReplica.getOrDefault("r2", 0) + listsByReplica.getOrDefault("r2", 0))
        .as("Kore calls by r2, which took partitions over; see %s", run.log("r2"))
        .isPositive();
    assertThat(withoutOutcome).as("events without an outcome").isZero();
    assertThat(notCreated).as("events without a CREATED outcome").isZero();
    assertThat(createdTwice).as("campaigns created twice at Kore").isZero();
    assertThat(notExactlyOne).as("events without exactly one campaign at Kore").isZero();
    // Whether the drain cut calls short depends on where the revocation fell among the random
    // latencies: a run where it cut none checked a plain rebalance only, and is reported skipped.
    assumeThat(leftUnfinished)
        .as("r1's calls left unfinished at a revocation; see %s", run.log("r1"))
        .isPositive();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** The run's topics, group, replicas and campaign names on the shared stack. */
  private final class Run {
    private final String name;
    private final String requests;
    private final String results;
    private final String deadLetter;
    private final String group;
    private final Map<String, String> eventIdByCampaign = new TreeMap<>();
    private final Map<String, BridgeProcess> replicas = new LinkedHashMap<>();
    private final Map<String, String> replicaByToken = new HashMap<>();

    Run(String name) throws IOException {
      String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
      this.name = name;
      this.requests = unique + "-requests";
      this.results = unique + "-results";
      this.deadLetter = unique + "-dead-letter";
      this.group = unique + "-bridge";
      STACK.broker().createTopics(PARTITIONS, requests);
      STACK.broker().createTopics(results, deadLetter);
      STACK.kore().reset();
      STACK.kore().withRandomLatency(KORE_LATENCY_MIN_MS, KORE_LATENCY_MAX_MS);
      try (var old = Files.newDirectoryStream(WORK, name + "-r*.log")) {
        for (Path log : old) {
          Files.delete(log);
        }
      }
    }

    void sendEvents() {
      for (int i = 0; i < EVENTS; i++) {
        String eventId = UUID.randomUUID().toString();
        String campaign = name + "-campaign-" + i;
        byte[] event = Samples.request(eventId, e -> Samples.campaign(e).put("name", campaign));
        STACK.kafka().send(requests, eventId, event);
        eventIdByCampaign.put(campaign, eventId);
      }
    }

    Path log(String replica) {
      return WORK.resolve(name + "-" + replica + ".log");
    }

    void start(String replica) throws IOException {
      Map<String, String> env =
          STACK.bridgeEnvironment(requests, results, deadLetter, group + "-idempotency", group);
      env.put("KORE_RATE_LIMIT_PER_MINUTE", "0");
      env.put("CAMPAIGN_DELIVERY_IN_FLIGHT", Integer.toString(IN_FLIGHT));
      env.put("CAMPAIGN_DELIVERY_REVOKE_DRAIN_MS", Long.toString(REVOKE_DRAIN.toMillis()));
      env.put("KORE_HTTP_RESPONSE_TIMEOUT_MS", Long.toString(RESPONSE_TIMEOUT.toMillis()));
      env.put("KORE_HTTP_CONNECT_TIMEOUT_MS", Long.toString(CONNECT_TIMEOUT.toMillis()));
      env.put("CAMPAIGN_MANAGEMENT_PORT", Integer.toString(freePort()));
      // The token's subject names the replica, so that each call at Kore can be traced to it.
      env.put("KORE_TOKEN_SUBJECT", replica);
      Path log = log(replica);
      Files.writeString(
          log,
          "---- replica " + replica + " started " + Instant.now() + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      replicas.put(replica, BridgeProcess.start(env, log.toFile(), List.of("-Xmx384m")));
    }

    private void assertAlive() {
      replicas.forEach(
          (replica, process) -> {
            if (!process.isAlive()) {
              throw new AssertionError("replica " + replica + " exited; see " + log(replica));
            }
          });
    }

    void awaitKoreRequests(int count) throws InterruptedException {
      await(
          () -> {
            assertAlive();
            return STACK.kore().campaignRequests().size() >= count;
          },
          "Kore to receive " + count + " create calls; see " + log("r1"));
    }

    void awaitEveryOutcome() {
      Set<String> expected = new HashSet<>(eventIdByCampaign.values());
      Set<String> seen = new HashSet<>();
      boolean all =
          STACK
              .kafka()
              .follow(
                  List.of(results, deadLetter),
                  record -> seen.add(header(record, "eventId")),
                  () -> {
                    assertAlive();
                    return seen.containsAll(expected);
                  },
                  RUN_TIMEOUT);
      assertThat(all)
          .as("an outcome for each of the %d events within %s; see %s", EVENTS, RUN_TIMEOUT, logs())
          .isTrue();
    }

    /** Nothing left pending at either replica: no create can follow the count of campaigns. */
    void awaitEverythingCommitted() throws InterruptedException {
      await(
          () -> {
            assertAlive();
            try {
              return committedAll();
            } catch (Exception e) {
              return false;
            }
          },
          "the group to commit every request; see " + logs());
    }

    private boolean committedAll() throws Exception {
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.broker().bootstrapServers()))) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
          latest.put(new TopicPartition(requests, p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        for (var end : ends.entrySet()) {
          OffsetAndMetadata at = committed.get(end.getKey());
          if (end.getValue().offset() > 0
              && (at == null || at.offset() < end.getValue().offset())) {
            return false;
          }
        }
        return true;
      }
    }

    /** SIGTERM to every replica at once, so that none waits for another. */
    void stopAll() throws InterruptedException {
      List<Thread> stopping = new ArrayList<>();
      for (BridgeProcess process : replicas.values()) {
        Thread thread = new Thread(process::close);
        thread.start();
        stopping.add(thread);
      }
      for (Thread thread : stopping) {
        thread.join();
      }
    }

    String logs() {
      return "replica logs " + WORK.resolve(name + "-r*.log");
    }

    List<ConsumerRecord<byte[], byte[]>> outcomes() {
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(STACK.kafka().readToEnd(results));
      all.addAll(STACK.kafka().readToEnd(deadLetter));
      return all;
    }

    /** Requests a replica gave up unfinished at revocations, from its WARN lines. */
    int leftUnfinishedAtRevoke(String replica) throws IOException {
      int left = 0;
      for (String line : Files.readAllLines(log(replica))) {
        Matcher matcher = LEFT_UNFINISHED.matcher(line);
        if (matcher.find()) {
          left += Integer.parseInt(matcher.group(1));
        }
      }
      return left;
    }

    Map<String, Integer> callsByReplica(
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> calls) {
      Map<String, Integer> byReplica = new TreeMap<>();
      calls.forEach(call -> byReplica.merge(replicaOf(call.getHeader("auth")), 1, Integer::sum));
      return byReplica;
    }

    private String replicaOf(String token) {
      if (token == null) {
        return "no-token";
      }
      return replicaByToken.computeIfAbsent(
          token,
          t -> {
            try {
              byte[] claims = Base64.getUrlDecoder().decode(t.split("\\.")[1]);
              return json.readTree(claims).path("sub").asText("no-subject");
            } catch (IOException | RuntimeException e) {
              return "unreadable-token";
            }
          });
    }

    boolean duplicate(ConsumerRecord<byte[], byte[]> record) {
      try {
        return json.readTree(record.value()).path("duplicate").asBoolean(false);
      } catch (IOException e) {
        return false;
      }
    }

    boolean reconciled(ConsumerRecord<byte[], byte[]> record) {
      try {
        return json.readTree(record.value()).path("reconciled").asBoolean(false);
      } catch (IOException e) {
        return false;
      }
    }

    String secondsFromFirstCall(Instant at) {
      List<com.github.tomakehurst.wiremock.verification.LoggedRequest> calls =
          STACK.kore().campaignRequests();
      if (calls.isEmpty()) {
        return at.toString();
      }
      Instant first = calls.get(0).getLoggedDate().toInstant();
      return String.format("%+.1f", Duration.between(first, at).toMillis() / 1000.0);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
