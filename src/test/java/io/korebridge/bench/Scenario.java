package io.korebridge.bench;

import java.time.Duration;

/**
 * One benchmark scenario: how the simulator behaves, how the service is configured, what is sent.
 *
 * @param koreLimitPerMinute the simulator's per-account limit, 0 for none
 * @param serviceLimitPerMinute the service's {@code kore.rate-limit.per-minute}, 0 for unlimited
 * @param events events of the (first) account
 * @param smallAccounts further accounts with {@code smallEvents} each (scenario d)
 * @param keyedByTenant key events by tenant (one partition per account) instead of per event
 */
record Scenario(
    String id,
    String title,
    int threads,
    Duration koreLatency,
    int koreLimitPerMinute,
    int serviceLimitPerMinute,
    int events,
    int smallAccounts,
    int smallEvents,
    boolean keyedByTenant) {

  static Scenario of(String id, int events) {
    return switch (id) {
      case "a" ->
          new Scenario(
              id,
              "no rate limit, Kore latency 0 ms (the service's own cost)",
              8,
              Duration.ZERO,
              0,
              0,
              events < 0 ? 5000 : events,
              0,
              0,
              false);
      case "b" ->
          new Scenario(
              id,
              "no rate limit, Kore latency 200 ms, 32 in flight",
              32,
              Duration.ofMillis(200),
              0,
              0,
              events < 0 ? 2000 : events,
              0,
              0,
              false);
      case "c" ->
          new Scenario(
              id,
              "600-per-minute limit on one account, events queued",
              8,
              Duration.ofMillis(200),
              600,
              600,
              events < 0 ? 1000 : events,
              0,
              0,
              false);
      case "d" ->
          new Scenario(
              id,
              "four accounts at 600/min each: one with a backlog, three with 20 events",
              8,
              Duration.ofMillis(50),
              600,
              600,
              events < 0 ? 2000 : events,
              3,
              20,
              true);
      default -> throw new IllegalArgumentException("no scenario '" + id + "' (a, b, c or d)");
    };
  }

  int totalEvents() {
    return events + smallAccounts * smallEvents;
  }
}
