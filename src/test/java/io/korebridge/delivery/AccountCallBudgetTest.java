package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AccountCallBudgetTest {

  private static final long START = 1_780_000_000_000L;

  @Test
  void three_replicas_sharing_an_account_never_put_more_than_the_limit_into_a_minute() {
    int limit = 60;
    int lanes = 12;
    List<BudgetLanes> replicas =
        List.of(
            some(lanes, List.of(0, 3, 6, 9)),
            some(lanes, List.of(1, 4, 7, 10)),
            some(lanes, List.of(2, 5, 8, 11)));
    List<Long> calls = new ArrayList<>();
    for (BudgetLanes owned : replicas) {
      AccountCallBudget budget = new AccountCallBudget(limit, 42);
      // Each replica has a backlog: it takes every slot it may for five minutes.
      long now = START;
      while (now < START + 300_000) {
        long slot = budget.reserve(now, owned).orElseThrow();
        now = budget.startMs(slot);
        calls.add(now);
      }
    }
    assertThat(mostInAnyMinute(calls)).isLessThanOrEqualTo(limit - 1);
    assertThat(calls.size()).as("backlog uses most of the budget").isGreaterThan(5 * (limit - 2));
  }

  @Test
  void a_share_smaller_than_one_call_a_minute_still_calls_and_never_exceeds_the_limit() {
    int limit = 2;
    int lanes = 5;
    List<Long> calls = new ArrayList<>();
    for (int replica = 0; replica < lanes; replica++) {
      AccountCallBudget budget = new AccountCallBudget(limit, 7);
      BudgetLanes owned = some(lanes, List.of(replica));
      long slot = budget.reserve(START, owned).orElseThrow();
      long until = START + 600_000;
      while (budget.startMs(slot) < until) {
        calls.add(budget.startMs(slot));
        slot = budget.reserve(budget.startMs(slot), owned).orElseThrow();
      }
    }
    assertThat(mostInAnyMinute(calls)).isLessThanOrEqualTo(limit - 1);
    assertThat(calls).as("every replica got some of the ten minutes").hasSizeGreaterThan(5);
  }

  @Test
  void a_replica_owning_no_lane_gets_no_slot() {
    AccountCallBudget budget = new AccountCallBudget(60, 1);
    assertThat(budget.reserve(START, some(4, List.of()))).isEmpty();
  }

  @Test
  void a_restarted_replica_starts_at_the_steady_pace() {
    AccountCallBudget budget = new AccountCallBudget(61, 0);
    BudgetLanes all = all(1);
    long first = budget.startMs(budget.reserve(START, all).orElseThrow());
    long second = budget.startMs(budget.reserve(START, all).orElseThrow());
    long third = budget.startMs(budget.reserve(START, all).orElseThrow());
    assertThat(first).isBetween(START, START + 1000);
    assertThat(second - first).isBetween(999L, 1001L);
    assertThat(third - second).isBetween(999L, 1001L);
  }

  @Test
  void a_429_pushes_back_the_next_slot_of_every_caller() {
    AccountCallBudget budget = new AccountCallBudget(601, 0);
    BudgetLanes all = all(3);
    budget.reserve(START, all);
    budget.pushBack(START + 5_000);
    long next = budget.startMs(budget.reserve(START + 10, all).orElseThrow());
    assertThat(next).isGreaterThanOrEqualTo(START + 5_000);
  }

  @Test
  void a_slot_reserved_before_a_429_is_no_longer_usable() {
    AccountCallBudget budget = new AccountCallBudget(601, 0);
    BudgetLanes all = all(1);
    long slot = budget.reserve(START, all).orElseThrow();
    budget.pushBack(START + 5_000);
    assertThat(budget.stillUsable(slot, budget.startMs(slot), all)).isFalse();
  }

  @Test
  void a_slot_whose_lane_was_revoked_or_that_is_half_a_slot_late_is_not_used() {
    AccountCallBudget budget = new AccountCallBudget(61, 0);
    BudgetLanes owned = some(2, List.of(0, 1));
    long slot = budget.reserve(START, owned).orElseThrow();
    long start = budget.startMs(slot);
    assertThat(budget.stillUsable(slot, start + 10, owned)).isTrue();
    assertThat(budget.stillUsable(slot, start + 600, owned)).as("late").isFalse();
    BudgetLanes afterRevoke = some(2, List.of((int) ((slot + 1) % 2)));
    assertThat(budget.stillUsable(slot, start, afterRevoke)).as("revoked").isFalse();
  }

  @Test
  void the_lanes_follow_topic_name_then_partition_order() {
    BudgetLanes lanes =
        BudgetLanes.of(
            java.util.Map.of("b", 2, "a", 3),
            List.of(
                new org.apache.kafka.common.TopicPartition("b", 1),
                new org.apache.kafka.common.TopicPartition("a", 0)));
    assertThat(lanes.total()).isEqualTo(5);
    assertThat(lanes.owns(0)).isTrue();
    assertThat(lanes.owns(4)).isTrue();
    assertThat(lanes.ownedCount()).isEqualTo(2);
  }

  private static int mostInAnyMinute(List<Long> calls) {
    List<Long> sorted = calls.stream().sorted().toList();
    int most = 0;
    int from = 0;
    for (int to = 0; to < sorted.size(); to++) {
      while (sorted.get(to) - sorted.get(from) >= 60_000) {
        from++;
      }
      most = Math.max(most, to - from + 1);
    }
    return most;
  }

  @SuppressWarnings("unused")
  private static long slotOf(OptionalLong slot) {
    return slot.orElseThrow();
  }

  /** Lanes of a single replica owning all of {@code total}. */
  private static BudgetLanes all(int total) {
    BitSet owned = new BitSet(total);
    owned.set(0, total);
    return new BudgetLanes(total, owned);
  }

  private static BudgetLanes some(int total, List<Integer> lanes) {
    BitSet owned = new BitSet(total);
    lanes.forEach(owned::set);
    return new BudgetLanes(total, owned);
  }
}
