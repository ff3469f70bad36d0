package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallSpacingTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void the_first_call_goes_at_once() {
    assertThat(new CallSpacing(Duration.ofSeconds(1)).reserve(0)).isZero();
  }

  @Test
  void a_burst_is_spread_one_interval_apart() {
    CallSpacing spacing = new CallSpacing(Duration.ofSeconds(1));

    assertThat(spacing.reserve(0)).isZero();
    assertThat(spacing.reserve(0)).isEqualTo(SECOND);
    assertThat(spacing.reserve(0)).isEqualTo(2 * SECOND);
  }

  @Test
  void an_idle_account_stores_no_extra_calls() {
    CallSpacing spacing = new CallSpacing(Duration.ofSeconds(1));
    spacing.reserve(0);

    assertThat(spacing.reserve(10 * SECOND)).isZero();
    assertThat(spacing.reserve(10 * SECOND)).isEqualTo(SECOND);
  }

  @Test
  void no_sixty_second_window_holds_more_than_sixty_calls_at_sixty_per_minute() {
    CallSpacing spacing = new CallSpacing(Duration.ofSeconds(1));
    List<Long> calls = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 300; i++) {
      now += (i % 7 == 0) ? 3 * SECOND : 0; // bursts after idle gaps
      calls.add(now + spacing.reserve(now));
    }
    for (long start : calls) {
      long inWindow = calls.stream().filter(t -> t >= start && t < start + 60 * SECOND).count();
      assertThat(inWindow).isLessThanOrEqualTo(60);
    }
  }
}
