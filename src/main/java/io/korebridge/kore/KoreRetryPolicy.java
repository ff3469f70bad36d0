package io.korebridge.kore;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to call Kore again after a retryable failure: exponential backoff with jitter, {@code
 * Retry-After} honoured up to a cap, within a number of attempts and a total time per request.
 */
public final class KoreRetryPolicy {

  /** Each delay is spread by up to this share either way, so replicas do not retry in step. */
  static final double JITTER = 0.2;

  private static final double MULTIPLIER = 2.0;

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final Duration maxElapsed;
  private final DoubleSupplier random;

  public KoreRetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration maxRetryAfter,
      Duration maxElapsed,
      DoubleSupplier random) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxRetryAfter = maxRetryAfter;
    this.maxElapsed = maxElapsed;
    this.random = random;
  }

  /**
   * The wait before the next call, or empty when the request has had its attempts or its time.
   *
   * @param attemptsSoFar calls already made for this request (1 after the first failure)
   * @param elapsed time since the first call started
   * @param retryAfter what Kore asked for, if anything
   */
  public Optional<Duration> nextDelay(
      int attemptsSoFar, Duration elapsed, Optional<Duration> retryAfter) {
    if (attemptsSoFar >= maxAttempts) {
      return Optional.empty();
    }
    Duration delay = backoff(attemptsSoFar);
    if (retryAfter.isPresent()) {
      Duration asked = capRetryAfter(retryAfter.get());
      delay = asked.compareTo(delay) > 0 ? asked : delay;
    }
    if (elapsed.plus(delay).compareTo(maxElapsed) > 0) {
      return Optional.empty();
    }
    return Optional.of(delay);
  }

  /** What Kore asked for, cut to {@code kore.retry.max-retry-after-ms}. */
  public Duration capRetryAfter(Duration retryAfter) {
    return min(retryAfter, maxRetryAfter);
  }

  private Duration backoff(int attemptsSoFar) {
    double base = initialBackoff.toMillis() * Math.pow(MULTIPLIER, attemptsSoFar - 1);
    double capped = Math.min(base, maxBackoff.toMillis());
    double spread = 1 + JITTER * (2 * random.getAsDouble() - 1);
    return Duration.ofMillis(Math.round(capped * spread));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
