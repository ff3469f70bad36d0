package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KoreRetryPolicyTest {

  private static final Duration NONE = Duration.ZERO;

  /** random() = 0.5 means no jitter, so the schedule itself can be checked. */
  private final KoreRetryPolicy policy =
      new KoreRetryPolicy(
          5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(60),
          Duration.ofMinutes(2),
          () -> 0.5);

  @Test
  void backs_off_exponentially_up_to_the_cap() {
    assertThat(policy.nextDelay(1, NONE, Optional.empty())).contains(Duration.ofSeconds(1));
    assertThat(policy.nextDelay(2, NONE, Optional.empty())).contains(Duration.ofSeconds(2));
    assertThat(policy.nextDelay(3, NONE, Optional.empty())).contains(Duration.ofSeconds(4));
    assertThat(policy.nextDelay(4, NONE, Optional.empty())).contains(Duration.ofSeconds(5));
  }

  @Test
  void stops_after_the_last_attempt() {
    assertThat(policy.nextDelay(5, NONE, Optional.empty())).isEmpty();
  }

  @Test
  void jitter_stays_within_twenty_percent() {
    KoreRetryPolicy lowest =
        new KoreRetryPolicy(
            5, Duration.ofSeconds(1), Duration.ofSeconds(5), NONE, Duration.ofMinutes(2), () -> 0);
    KoreRetryPolicy highest =
        new KoreRetryPolicy(
            5,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            NONE,
            Duration.ofMinutes(2),
            () -> 0.999_999);

    assertThat(lowest.nextDelay(2, NONE, Optional.empty())).contains(Duration.ofMillis(1600));
    assertThat(highest.nextDelay(2, NONE, Optional.empty())).contains(Duration.ofMillis(2400));
  }

  @Test
  void waits_at_least_as_long_as_retry_after() {
    assertThat(policy.nextDelay(1, NONE, Optional.of(Duration.ofSeconds(7))))
        .contains(Duration.ofSeconds(7));
  }

  @Test
  void caps_retry_after() {
    assertThat(policy.nextDelay(1, NONE, Optional.of(Duration.ofDays(1))))
        .contains(Duration.ofSeconds(60));
  }

  @Test
  void gives_up_when_the_wait_would_exceed_the_total_time() {
    assertThat(policy.nextDelay(2, Duration.ofSeconds(119), Optional.empty())).isEmpty();
  }

  @Test
  void reads_retry_after_as_seconds_or_http_date() {
    Instant now = Instant.parse("2026-11-27T10:00:00Z");

    assertThat(RetryAfter.parse("2", now)).contains(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 10:00:30 GMT", now))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 09:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", now)).isEmpty();
    assertThat(RetryAfter.parse(null, now)).isEmpty();
  }
}
