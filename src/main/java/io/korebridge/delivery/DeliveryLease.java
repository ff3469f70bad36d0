package io.korebridge.delivery;

import java.util.function.LongSupplier;

/**
 * Whether this replica may call Kore right now: renewed by the owner loop each turn while its
 * consumer is a live member of the group, and lapsing on its own when the loop stops turning.
 */
final class DeliveryLease implements DeliveryStages.CallPermit {

  private final LongSupplier clock;
  private final long lengthMs;
  private volatile long validUntilMs;

  /**
   * @param lengthMs how long one renewal lasts; shorter than the session timeout, so a replica
   *     frozen long enough to lose the group finds its lease lapsed when it wakes
   */
  DeliveryLease(LongSupplier clock, long lengthMs) {
    this.clock = clock;
    this.lengthMs = lengthMs;
  }

  void renew(long nowMs) {
    validUntilMs = nowMs + lengthMs;
  }

  void revoke() {
    validUntilMs = 0;
  }

  @Override
  public boolean mayCall() {
    return clock.getAsLong() < validUntilMs;
  }
}
