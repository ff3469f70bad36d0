package io.korebridge.delivery;

import io.korebridge.receive.CampaignDelivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * One Kore account's requests waiting for a call slot, oldest first, and the account's hold. Owned
 * by the engine's owner thread: no locks.
 */
final class AccountLine {

  final AccountBudgets.Account account;
  private final Deque<CampaignDelivery> waiting = new ArrayDeque<>();
  boolean armed;
  private long heldUntilMs;
  private boolean probing;
  private int calling;
  private boolean answered;
  private long skipSlotFromMs = Long.MAX_VALUE;

  AccountLine(AccountBudgets.Account account) {
    this.account = account;
  }

  void add(CampaignDelivery delivery) {
    waiting.add(delivery);
  }

  /** A held request goes first again when the hold ends, ahead of those that came later. */
  void addFirst(CampaignDelivery delivery) {
    waiting.addFirst(delivery);
  }

  List<CampaignDelivery> waiters() {
    return List.copyOf(waiting);
  }

  List<CampaignDelivery> removeIf(Predicate<CampaignDelivery> match) {
    List<CampaignDelivery> removed = new ArrayList<>();
    waiting.removeIf(
        delivery -> {
          boolean remove = match.test(delivery);
          if (remove) {
            removed.add(delivery);
          }
          return remove;
        });
    return removed;
  }

  /**
   * Kore is unavailable for the account: no call before {@code untilMs}, then one call at a time (a
   * probe) until Kore answers again.
   */
  void hold(long untilMs) {
    heldUntilMs = Math.max(heldUntilMs, untilMs);
    probing = true;
  }

  /** Kore answered a call of the account: ends its hold; true when it was held. */
  boolean endHold() {
    boolean wasHeld = probing;
    probing = false;
    heldUntilMs = 0;
    return wasHeld;
  }

  long heldUntilMs() {
    return heldUntilMs;
  }

  boolean isHeld(long nowMs) {
    return heldUntilMs > nowMs;
  }

  boolean isProbing() {
    return probing;
  }

  boolean probeInFlight() {
    return probing && calling > 0;
  }

  boolean isEmpty() {
    dropAbandoned();
    return waiting.isEmpty();
  }

  CampaignDelivery peekLive() {
    dropAbandoned();
    return waiting.peek();
  }

  CampaignDelivery poll() {
    return waiting.poll();
  }

  int calling() {
    return calling;
  }

  void callStarted() {
    calling++;
  }

  /**
   * Until the line's first call has ended, one call at a time: a cold service (class loading, first
   * token, first connection) holds calls dispatched in their slots and then sends them together, a
   * burst that spends the next minute's budget at once.
   */
  boolean mayStartAnother() {
    return answered || calling == 0;
  }

  /**
   * The first call, on a cold service, may have reached Kore long after its slot (seen: 1.4 s),
   * into a minute whose slots are all used; leaving the replica's first slot after its answer
   * unused gives that minute its call back.
   */
  void callEnded(long nowMs) {
    calling--;
    if (!answered) {
      answered = true;
      skipSlotFromMs = nowMs;
    }
  }

  /** True, once, for the first slot starting at or after the first call's answer. */
  boolean skips(long slotStartMs) {
    if (slotStartMs < skipSlotFromMs) {
      return false;
    }
    skipSlotFromMs = Long.MAX_VALUE;
    return true;
  }

  private void dropAbandoned() {
    while (!waiting.isEmpty() && waiting.peek().isAbandoned()) {
      waiting.poll();
    }
  }
}
