package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.testsupport.BridgeProcess;
import io.korebridge.testsupport.KoreSimulator;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replicas of the packaged service (separate processes in one consumer group) sharing one Kore
 * account whose limit the simulator enforces over a sliding minute, with a backlog of more than
 * twice the limit. With the default configuration, whatever the number of replicas and however it
 * changes, no 60-second window at Kore may hold more than the limit, Kore must never answer 429,
 * and the backlog must still use most of the limit. Each call is traced to its replica by its
 * token's subject.
 */
class ReplicaBudgetIT {

  private static final int LIMIT = 180;
  private static final int PARTITIONS = 6;
  private static final int EVENTS = 400;
  private static final double LEAST_SHARE_USED = 0.8;
  // The slots' pace puts a sixth of the limit in 10 s; a fifth more leaves room for late calls.
  private static final int MOST_PER_TEN_SECONDS = (int) Math.ceil(LIMIT / 6.0 * 1.2);
  private static final long WINDOW_MS = 60_000;
  private static final Duration KORE_LATENCY = Duration.ofMillis(20);
  private static final Duration FIRST_CALL_TIMEOUT = Duration.ofSeconds(120);
  private static final Path WORK = Path.of("target", "replica-budget-it");

  @RegisterExtension static final OwnProcessStack STACK = new OwnProcessStack(WORK);

  @Test
  void three_replicas_on_one_account_stay_within_its_limit_and_use_most_of_it() throws Exception {
    Run run = new Run("three-replicas");
    run.sendEvents();
    try {
      Instant first = run.startThreeReplicasAndAwaitFirstCall();
      run.keepRunningUntil(first.plusSeconds(80));
    } finally {
      run.stopAll();
    }

    Figures figures = withinTheLimitWithoutBurst(run);
    // Replicas that each kept to a third of the limit would fail here: the backlog must use it.
    assertThat(figures.maxPerWindow())
        .as("calls in the best 60-s window, of a limit of %d; %s", LIMIT, run.logs())
        .isGreaterThanOrEqualTo((int) Math.ceil(LIMIT * LEAST_SHARE_USED));
    assertThat(figures.callsByReplica().keySet())
        .as("replicas that called Kore")
        .containsExactlyInAnyOrder("r1", "r2", "r3");
  }

  @Test
  void a_replica_stopped_and_one_started_mid_run_keep_the_account_within_its_limit()
      throws Exception {
    Run run = new Run("replica-change");
    run.sendEvents();
    try {
      Instant first = run.startThreeReplicasAndAwaitFirstCall();
      // As a scale-up or rolling update does: a new replica joins while the others are busy...
      run.keepRunningUntil(first.plusSeconds(20));
      run.start("r4");
      // ...and an old one is terminated (SIGTERM) while the new one joins or has just joined.
      run.keepRunningUntil(first.plusSeconds(30));
      run.stop("r2");
      run.keepRunningUntil(first.plusSeconds(85));
    } finally {
      run.stopAll();
    }

    Figures figures = withinTheLimitWithoutBurst(run);
    // Without these the membership never changed under load and the run proves nothing.
    assertThat(figures.callsByReplica()).as("calls per replica").containsKeys("r2", "r4");
  }

  /**
   * The run's figures, asserting what every run must keep to: no 429 from Kore, at most the limit
   * in any 60-s window, no burst above the slots' pace, and nothing on the dead-letter topic.
   */
  private static Figures withinTheLimitWithoutBurst(Run run) throws Exception {
    Figures figures = run.report();
    assertThat(figures.tooManyRequests()).as("429s from Kore; %s", run.logs()).isZero();
    assertThat(figures.maxPerWindow())
        .as("calls in the busiest 60-s window (%s); %s", figures.busiestWindow(), run.logs())
        .isLessThanOrEqualTo(LIMIT);
    // No burst: a replica that starts or takes over partitions goes at the slots' pace at once.
    assertThat(figures.maxPerTenSeconds())
        .as("calls in the busiest 10 s; %s", run.logs())
        .isLessThanOrEqualTo(MOST_PER_TEN_SECONDS);
    assertThat(figures.deadLetters()).as("requests on the dead-letter topic").isZero();
    return figures;
  }

  /** One Kore call as the simulator logged it, traced to the replica that made it. */
  private record Call(long atMs, String replica, int status) {}

  private record Figures(
      int calls,
      long tooManyRequests,
      int maxPerWindow,
      String busiestWindow,
      int maxPerSecond,
      int maxPerTenSeconds,
      Map<String, Integer> callsByReplica,
      int deadLetters) {}

  /** A replica process and when it came and went. */
  private static final class Replica {
    private final String name;
    private final BridgeProcess process;
    private final Instant startedAt = Instant.now();
    private Instant stoppedAt;

    private Replica(String name, BridgeProcess process) {
      this.name = name;
      this.process = process;
    }

    void stop() {
      process.close();
      stoppedAt = Instant.now();
    }
  }

  /** One scenario: its own topics, consumer group and replica logs on the shared STACK.broker(). */
  private final class Run {
    private final String name;
    private final String requests;
    private final String results;
    private final String deadLetter;
    private final String group;
    private final Map<String, Replica> replicas = new LinkedHashMap<>();
    private final Map<String, String> replicaByToken = new HashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private Instant firstCall;

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
      STACK.kore().delayAnswers(KORE_LATENCY);
      STACK.kore().rateLimitPerMinute(KoreSimulator.ACCOUNT_ID, LIMIT);
      Files.createDirectories(WORK);
      // Logs of an earlier run of this scenario would mix with this one's.
      try (var old = Files.newDirectoryStream(WORK, name + "-r*.log")) {
        for (Path log : old) {
          Files.delete(log);
        }
      }
    }

    void sendEvents() throws IOException {
      for (int i = 0; i < EVENTS; i++) {
        String eventId = UUID.randomUUID().toString();
        String campaign = name + "-campaign-" + i;
        byte[] event = Samples.request(eventId, e -> Samples.campaign(e).put("name", campaign));
        STACK.kafka().send(requests, eventId, event);
      }
    }

    Path log(String replica) {
      return WORK.resolve(name + "-" + replica + ".log");
    }

    String logs() {
      return "replica logs " + WORK.resolve(name + "-r*.log");
    }

    void start(String replica) throws IOException {
      Map<String, String> env =
          STACK.bridgeEnvironment(requests, results, deadLetter, group + "-idempotency", group);
      env.put("KORE_RATE_LIMIT_PER_MINUTE", Integer.toString(LIMIT));
      // The replicas share this host, so each needs its own management (health, metrics) port.
      env.put("CAMPAIGN_MANAGEMENT_PORT", Integer.toString(freePort()));
      // The token's subject names the replica, so that each call at Kore can be traced to it.
      env.put("KORE_TOKEN_SUBJECT", replica);
      // The log then shows the budget lanes the replica owns after each rebalance.
      env.put("QUARKUS_LOG_CATEGORY__IO_KOREBRIDGE_DELIVERY__LEVEL", "DEBUG");
      Path log = log(replica);
      Files.writeString(
          log,
          "---- replica " + replica + " started " + Instant.now() + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      replicas.put(
          replica,
          new Replica(replica, BridgeProcess.start(env, log.toFile(), List.of("-Xmx384m"))));
    }

    /** SIGTERM, as Kubernetes stops a pod; returns once the process has exited. */
    void stop(String replica) {
      replicas.get(replica).stop();
    }

    /** Terminates every replica still running, all at once so that none waits for another. */
    void stopAll() throws InterruptedException {
      List<Thread> stopping = new ArrayList<>();
      for (Replica replica : replicas.values()) {
        if (replica.stoppedAt == null) {
          Thread thread = new Thread(replica::stop, "stop-" + replica.name);
          thread.start();
          stopping.add(thread);
        }
      }
      for (Thread thread : stopping) {
        thread.join();
      }
    }

    /** Replicas r1 to r3 on the run's backlog; returns when Kore got the first call. */
    Instant startThreeReplicasAndAwaitFirstCall() throws Exception {
      start("r1");
      start("r2");
      start("r3");
      return awaitFirstCall();
    }

    Instant awaitFirstCall() throws InterruptedException {
      long deadline = System.nanoTime() + FIRST_CALL_TIMEOUT.toNanos();
      while (STACK.kore().campaignRequests().isEmpty()) {
        assertReplicasAlive();
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no Kore call within " + FIRST_CALL_TIMEOUT + "; " + logs());
        }
        Thread.sleep(100);
      }
      firstCall = STACK.kore().campaignRequests().get(0).getLoggedDate().toInstant();
      return firstCall;
    }

    void keepRunningUntil(Instant until) throws InterruptedException {
      while (Instant.now().isBefore(until)) {
        assertReplicasAlive();
        Thread.sleep(250);
      }
    }

    private void assertReplicasAlive() {
      for (Replica replica : replicas.values()) {
        if (replica.stoppedAt == null && !replica.process.isAlive()) {
          throw new AssertionError(
              "replica " + replica.name + " exited on its own; see " + log(replica.name));
        }
      }
    }

    List<Call> calls() {
      return STACK.kore().campaignCalls().stream()
          .map(
              call ->
                  new Call(
                      call.request().getLoggedDate().getTime(),
                      replicaOf(call.request().getHeader("auth")),
                      call.status()))
          .toList();
    }

    private String replicaOf(String token) {
      if (token == null) {
        return "no-token";
      }
      return replicaByToken.computeIfAbsent(
          token,
          t -> {
            String[] parts = t.split("\\.");
            try {
              byte[] claims = Base64.getUrlDecoder().decode(parts[1]);
              return json.readTree(claims).path("sub").asText("no-subject");
            } catch (IOException | RuntimeException e) {
              return "unreadable-token";
            }
          });
    }

    /** Computes the figures, prints them (and writes them under target/) and returns them. */
    Figures report() throws IOException {
      List<Call> calls = calls();
      long[] at = calls.stream().mapToLong(Call::atMs).sorted().toArray();
      int[] busiest = busiestWindow(at, WINDOW_MS);
      int maxPerSecond = busiestWindow(at, 1_000)[0];
      int maxPerTenSeconds = busiestWindow(at, 10_000)[0];
      String busiestWindow = "none";
      if (at.length > 0) {
        long from = at[busiest[1]];
        Map<String, Integer> inWindow = new TreeMap<>();
        calls.stream()
            .filter(c -> c.atMs() >= from && c.atMs() < from + WINDOW_MS)
            .forEach(c -> inWindow.merge(c.replica(), 1, Integer::sum));
        busiestWindow = "from " + Instant.ofEpochMilli(from) + ": " + inWindow;
      }
      Map<String, Integer> byReplica = new TreeMap<>();
      calls.forEach(c -> byReplica.merge(c.replica(), 1, Integer::sum));
      List<String> refused =
          calls.stream()
              .filter(c -> c.status() == 429)
              .map(c -> Instant.ofEpochMilli(c.atMs()) + " " + c.replica())
              .toList();
      int deadLetters = STACK.kafka().readToEnd(deadLetter).size();
      int outcomes = STACK.kafka().readToEnd(results).size() + deadLetters;
      Figures figures =
          new Figures(
              calls.size(),
              STACK.kore().tooManyRequestsAnswered(),
              busiest[0],
              busiestWindow,
              maxPerSecond,
              maxPerTenSeconds,
              byReplica,
              deadLetters);

      StringBuilder line = new StringBuilder("[replica budget " + name + "]");
      line.append(" limit=").append(LIMIT).append("/min");
      line.append(" events=").append(EVENTS);
      line.append(" koreCalls=").append(figures.calls());
      line.append(" tooManyRequests=").append(figures.tooManyRequests());
      line.append(" maxCallsPer60s=").append(figures.maxPerWindow());
      line.append(String.format(" (%.0f%% of the limit)", 100.0 * busiest[0] / LIMIT));
      line.append(" busiestWindow=").append(busiestWindow);
      line.append(" maxCallsPer10s=").append(maxPerTenSeconds);
      line.append(" maxCallsPer1s=").append(maxPerSecond);
      line.append(" callsByReplica=").append(byReplica);
      line.append(" outcomes=").append(outcomes);
      line.append(" deadLetters=").append(deadLetters);
      line.append(" firstCall=").append(firstCall);
      line.append(" timeline=").append(timeline());
      if (!refused.isEmpty()) {
        line.append(" refused=").append(refused);
      }
      System.out.println(line);
      Files.writeString(WORK.resolve(name + "-figures.txt"), line + "\n");
      StringBuilder csv = new StringBuilder("at,replica,status\n");
      calls.forEach(
          c ->
              csv.append(Instant.ofEpochMilli(c.atMs()))
                  .append(',')
                  .append(c.replica())
                  .append(',')
                  .append(c.status())
                  .append('\n'));
      Files.writeString(WORK.resolve(name + "-calls.csv"), csv);
      return figures;
    }

    /** When each replica started and stopped, in seconds from the first Kore call. */
    private Map<String, String> timeline() {
      Map<String, String> timeline = new LinkedHashMap<>();
      for (Replica replica : replicas.values()) {
        String started = secondsFromFirstCall(replica.startedAt);
        String stopped = replica.stoppedAt == null ? "-" : secondsFromFirstCall(replica.stoppedAt);
        timeline.put(replica.name, "started " + started + " stopped " + stopped);
      }
      return timeline;
    }

    private String secondsFromFirstCall(Instant at) {
      if (firstCall == null) {
        return at.toString();
      }
      return String.format("%+.1fs", Duration.between(firstCall, at).toMillis() / 1000.0);
    }
  }

  /**
   * The most calls in any half-open window {@code [t, t + windowMs)} over sorted call times, as
   * Kore's sliding minute counts them, and the index of the call that window starts with.
   */
  static int[] busiestWindow(long[] sortedAtMs, long windowMs) {
    int most = 0;
    int startsAt = 0;
    int end = 0;
    for (int start = 0; start < sortedAtMs.length; start++) {
      while (end < sortedAtMs.length && sortedAtMs[end] - sortedAtMs[start] < windowMs) {
        end++;
      }
      if (end - start > most) {
        most = end - start;
        startsAt = start;
      }
    }
    return new int[] {most, startsAt};
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
