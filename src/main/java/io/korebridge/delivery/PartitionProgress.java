package io.korebridge.delivery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The records of one partition taken from Kafka and not yet committed, and the offset that may be
 * committed: the lowest offset whose record has no acknowledged outcome yet, or the one after the
 * last record seen when all have one. Nothing ever commits past an unfinished record.
 *
 * @param <R> what is kept per pending record
 */
public final class PartitionProgress<R> {

  private final TreeMap<Long, Entry<R>> pending = new TreeMap<>();
  private final Set<Long> finishedBefore = new HashSet<>();
  private long nextOffset = -1;
  private long committed = -1;
  private String committedState = "";
  private String committingState;

  private static final class Entry<R> {
    private R record;
    private boolean done;

    private Entry(R record) {
      this.record = record;
    }
  }

  /** A record taken from Kafka (offsets arrive in increasing order). */
  public synchronized void taken(long offset, R record) {
    pending.put(offset, new Entry<>(record));
    nextOffset = Math.max(nextOffset, offset + 1);
  }

  /** The record's outcome is acknowledged by Kafka. */
  public synchronized void done(long offset) {
    Entry<R> entry = pending.get(offset);
    if (entry != null) {
      entry.done = true;
      entry.record = null; // only the offset matters from now on
    }
  }

  /** What to commit: the watermark and the finished offsets above it. */
  public record Commit(long offset, List<Long> finishedAbove) {}

  /**
   * What to commit now, when the watermark or the finished records above it changed since the last
   * commit and no commit is under way.
   */
  public synchronized Optional<Commit> toCommit() {
    long watermark = watermark();
    if (watermark < 0 || committingState != null) {
      return Optional.empty();
    }
    List<Long> finished = new ArrayList<>();
    pending
        .tailMap(watermark, false)
        .forEach(
            (offset, entry) -> {
              if (entry.done) {
                finished.add(offset);
              }
            });
    String state = watermark + "/" + finished.size();
    if (state.equals(committedState) || watermark < committed) {
      return Optional.empty();
    }
    committingState = state;
    return Optional.of(new Commit(watermark, finished));
  }

  /** The commit offered last succeeded: forgets the records below it; returns how many. */
  public synchronized int committed(long offset) {
    committed = Math.max(committed, offset);
    committedState = committingState == null ? committedState : committingState;
    committingState = null;
    Map<Long, Entry<R>> below = pending.headMap(offset);
    int released = below.size();
    below.clear();
    return released;
  }

  /** The commit offered last failed: it will be offered again. */
  public synchronized void commitFailed() {
    committingState = null;
  }

  /** Records this partition's last owner had finished: they count as done when they come. */
  public synchronized void finishedBefore(Set<Long> offsets) {
    finishedBefore.addAll(offsets);
  }

  /** True when the record at {@code offset} was finished by the partition's last owner. */
  public synchronized boolean wasFinishedBefore(long offset) {
    return finishedBefore.remove(offset);
  }

  /** The records not yet finished, in offset order. */
  public synchronized List<R> unfinished() {
    List<R> open = new ArrayList<>();
    pending.values().stream().filter(entry -> !entry.done).forEach(entry -> open.add(entry.record));
    return open;
  }

  /** Records taken and not yet committed. */
  public synchronized int size() {
    return pending.size();
  }

  public synchronized long watermark() {
    if (nextOffset < 0) {
      return -1;
    }
    for (Map.Entry<Long, Entry<R>> entry : pending.entrySet()) {
      if (!entry.getValue().done) {
        return entry.getKey();
      }
    }
    return nextOffset;
  }
}
