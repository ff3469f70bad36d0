package io.korebridge.delivery;

import java.util.OptionalLong;

/**
 * One Kore account's call budget, shared by every replica without talking to each other.
 *
 * <p>Time is cut into slots {@code 60 s / (limit - 1)} apart, counted from the Unix epoch, so every
 * replica sees the same slots; slot {@code s} belongs to budget lane {@code (s + seed) mod lanes}
 * and only the replica owning that lane (the consumer of that partition) may use it. Each slot is
 * used at most once in the whole group, so no 60-second window holds more than {@code limit - 1}
 * slots, and the spare slot absorbs calls that leave up to half a slot late. A replica that starts,
 * restarts or takes over partitions can only use slots from now on: no burst, whatever the others
 * did in the last minute. Hand-written because rate limiters (Guava, Resilience4j, Bucket4j) keep
 * their budget per process and need shared storage to be split between replicas.
 */
public final class AccountCallBudget {

  private static final double MINUTE_MS = 60_000.0;

  private final int limitPerMinute;
  private final double slotMs;
  private final int seed;
  private long lastReserved = Long.MIN_VALUE;
  private long notBeforeMs = Long.MIN_VALUE;

  /**
   * @param limitPerMinute Kore's limit for the account, at least 1
   * @param seed spreads accounts over lanes, so that the first slots are not all one replica's
   */
  public AccountCallBudget(int limitPerMinute, int seed) {
    if (limitPerMinute < 1) {
      throw new IllegalArgumentException("a call budget needs a limit of at least 1 per minute");
    }
    this.limitPerMinute = limitPerMinute;
    this.slotMs = MINUTE_MS / Math.max(1, limitPerMinute - 1);
    this.seed = Math.floorMod(seed, 1 << 20);
  }

  public int limitPerMinute() {
    return limitPerMinute;
  }

  /** How far apart slots are, in milliseconds. */
  public double slotMs() {
    return slotMs;
  }

  /**
   * Reserves this replica's next free slot starting at or after {@code nowMs} and returns its
   * number (see {@link #startMs}), or empty when the replica owns no lane.
   */
  public synchronized OptionalLong reserve(long nowMs, BudgetLanes lanes) {
    if (!lanes.ownsAny()) {
      return OptionalLong.empty();
    }
    long from = Math.max(nowMs, notBeforeMs);
    long slot = Math.max((long) Math.ceil(from / slotMs), lastReserved + 1);
    while (!lanes.owns(lane(slot, lanes))) {
      slot++;
    }
    lastReserved = slot;
    return OptionalLong.of(slot);
  }

  /**
   * True when {@code slot} may still be used at {@code nowMs}: this replica still owns its lane, no
   * 429 pushed it back, and the call would leave less than half a slot late.
   */
  public synchronized boolean stillUsable(long slot, long nowMs, BudgetLanes lanes) {
    long start = startMs(slot);
    return lanes.ownsAny()
        && lanes.owns(lane(slot, lanes))
        && nowMs - start < slotMs / 2
        && start >= notBeforeMs;
  }

  /** Kore answered 429: no slot of this account is used before {@code untilMs}. */
  public synchronized void pushBack(long untilMs) {
    notBeforeMs = Math.max(notBeforeMs, untilMs);
  }

  public synchronized long notBeforeMs() {
    return notBeforeMs;
  }

  /** When {@code slot} starts, epoch milliseconds. */
  public long startMs(long slot) {
    return (long) Math.ceil(slot * slotMs);
  }

  private int lane(long slot, BudgetLanes lanes) {
    return (int) Math.floorMod(slot + seed, (long) lanes.total());
  }
}
