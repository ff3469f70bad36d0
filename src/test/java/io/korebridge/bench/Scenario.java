package io.korebridge.bench;

import java.time.Duration;

/**
 * One benchmark scenario: how the simulator behaves, how many accounts take part, what is sent.
 *
 * @param limitPerMinute each account's limit at the simulator and in the service, 0 for none
 * @param accounts accounts taking part (tenant 1 is the service's default tenant)
 * @param events events of account 1 (scenarios a-d, h) or of every account (e)
 * @param smallEvents events of each further account (d)
 * @param onePartition every event goes to partition 0 (d); otherwise by key (the eventId)
 * @param roundRobin events of all accounts alternate (e); otherwise account 1's come first
 * @param floor whether the floor pipeline runs too (not in d: it would only measure order)
 * @param lateAnswers how Kore loses answers at the start of the run (h), null for never
 */
record Scenario(
    String id,
    String title,
    Duration koreLatency,
    int limitPerMinute,
    int accounts,
    int events,
    int smallEvents,
    boolean onePartition,
    boolean roundRobin,
    boolean floor,
    LateAnswers lateAnswers) {

  static final String IDS = "a,b,c,d,e,h";

  /**
   * For the first {@code lateFor} of a run (from the first send) the simulator creates each
   * campaign on arrival and answers {@code answerAfter} later, past the pipelines' client timeout
   * of {@code clientTimeoutMs}: every such call's fate is unknown to its sender.
   */
  record LateAnswers(Duration answerAfter, Duration lateFor, int clientTimeoutMs) {}

  static Scenario of(String id, int events) {
    return switch (id) {
      case "a" ->
          new Scenario(
              id,
              "no rate limit, Kore latency 0 ms (the pipeline's own cost)",
              Duration.ZERO,
              0,
              1,
              events < 0 ? 10_000 : events,
              0,
              false,
              false,
              true,
              null);
      case "b" ->
          new Scenario(
              id,
              "no rate limit, Kore latency 200 ms, 64 calls in flight",
              Duration.ofMillis(200),
              0,
              1,
              events < 0 ? 3000 : events,
              0,
              false,
              false,
              true,
              null);
      case "c" ->
          new Scenario(
              id,
              "one account at 600/min, events queued",
              Duration.ofMillis(200),
              600,
              1,
              events < 0 ? 1000 : events,
              0,
              false,
              false,
              true,
              null);
      case "d" ->
          new Scenario(
              id,
              "four accounts at 600/min on one partition: one with a backlog, three with 20 each",
              Duration.ofMillis(50),
              600,
              4,
              events < 0 ? 2000 : events,
              20,
              true,
              false,
              false,
              null);
      case "e" ->
          new Scenario(
              id,
              "25 accounts at Kore's 60/min each, 12 events per account round-robin",
              Duration.ofMillis(250),
              60,
              25,
              events < 0 ? 12 : events,
              0,
              false,
              true,
              true,
              null);
      case "h" ->
          new Scenario(
              id,
              "Kore answers late for 20 s: created on arrival, answered after the client timeout",
              Duration.ZERO,
              0,
              1,
              events < 0 ? 1500 : events,
              0,
              false,
              false,
              true,
              new LateAnswers(Duration.ofMillis(2500), Duration.ofSeconds(20), 1000));
      default ->
          throw new IllegalArgumentException("no scenario '" + id + "' (one of " + IDS + ")");
    };
  }

  /** Scenario d: events of accounts 2.. count separately and decide when the scenario ends. */
  boolean hasSmallAccounts() {
    return smallEvents > 0;
  }

  int totalEvents() {
    return hasSmallAccounts() ? events + (accounts - 1) * smallEvents : events * accounts;
  }

  /**
   * Scenario e's budget-bound drain time: an account's first call goes at once, each further one a
   * budget interval later, and the last answer takes the latency.
   */
  double budgetBoundSeconds() {
    return limitPerMinute == 0
        ? Double.NaN
        : (events - 1) * 60.0 / limitPerMinute + koreLatency.toMillis() / 1000.0;
  }
}
