package io.korebridge.kore;

import java.time.Duration;

/**
 * Hands out call slots at least {@code interval} apart, so any window of {@code n × interval} holds
 * at most {@code n} calls. Hand-written because the usual limiters (Guava, Resilience4j) refill per
 * cycle or store a permit, which lets one extra call into a sliding window.
 */
final class CallSpacing {

  private final long intervalNanos;
  private long nextSlot = Long.MIN_VALUE;

  CallSpacing(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** Reserves the next slot; returns how long to wait for it from {@code nowNanos}. */
  synchronized long reserve(long nowNanos) {
    long slot = nextSlot == Long.MIN_VALUE ? nowNanos : Math.max(nowNanos, nextSlot);
    nextSlot = slot + intervalNanos;
    return slot - nowNanos;
  }
}
