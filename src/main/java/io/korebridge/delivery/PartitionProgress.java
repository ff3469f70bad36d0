package io.korebridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
  private long nextOffset = -1;
  private long committed = -1;
  private long committing = -1;

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

  /** The offset to commit now, if it is beyond what was committed or is being committed. */
  public synchronized OptionalLong toCommit() {
    long watermark = watermark();
    if (watermark < 0 || watermark <= Math.max(committed, committing)) {
      return OptionalLong.empty();
    }
    committing = watermark;
    return OptionalLong.of(watermark);
  }

  /** The commit of {@code offset} succeeded: forgets the records below it; returns how many. */
  public synchronized int committed(long offset) {
    committed = Math.max(committed, offset);
    if (committing <= offset) {
      committing = -1;
    }
    Map<Long, Entry<R>> below = pending.headMap(offset);
    int released = below.size();
    below.clear();
    return released;
  }

  /** The commit of {@code offset} failed: it will be offered again. */
  public synchronized void commitFailed(long offset) {
    if (committing == offset) {
      committing = -1;
    }
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
