package io.korebridge.delivery;

import java.util.BitSet;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Which of the group's budget lanes this replica owns: one lane per partition of the consumed
 * topics, numbered in topic-name then partition order, so every replica numbers them alike.
 * Immutable; replaced on every rebalance.
 */
public record BudgetLanes(int total, BitSet owned) {

  public static final BudgetLanes NONE = new BudgetLanes(0, new BitSet());

  public BudgetLanes {
    owned = (BitSet) owned.clone();
  }

  /**
   * @param partitionCounts partition count of every consumed topic
   * @param assigned the partitions this replica owns now
   */
  public static BudgetLanes of(
      Map<String, Integer> partitionCounts, Collection<TopicPartition> assigned) {
    Map<String, Integer> firstLane = new TreeMap<>();
    int total = 0;
    for (Map.Entry<String, Integer> topic : new TreeMap<>(partitionCounts).entrySet()) {
      firstLane.put(topic.getKey(), total);
      total += topic.getValue();
    }
    BitSet owned = new BitSet(total);
    for (TopicPartition partition : assigned) {
      Integer first = firstLane.get(partition.topic());
      if (first != null && partition.partition() < partitionCounts.get(partition.topic())) {
        owned.set(first + partition.partition());
      }
    }
    return new BudgetLanes(total, owned);
  }

  public boolean ownsAny() {
    return !owned.isEmpty();
  }

  public boolean owns(int lane) {
    return owned.get(lane);
  }

  public int ownedCount() {
    return owned.cardinality();
  }
}
