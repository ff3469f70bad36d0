package io.korebridge.delivery;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * Keeps records with the same key one at a time, in the order they were taken: a record starts when
 * the one before it with its key has finished. A record without a key waits for nobody.
 *
 * @param <R> the record
 */
public final class KeyOrder<R> {

  private final Map<Key, Queue<R>> waiting = new HashMap<>();

  /** Where a record's order applies: its key within its topic and partition. */
  public record Key(String topic, int partition, ByteBuffer key) {
    public static Key of(String topic, int partition, byte[] key) {
      return key == null ? null : new Key(topic, partition, ByteBuffer.wrap(key));
    }
  }

  /** Returns true when {@code record} may start now; otherwise it waits for its turn. */
  public synchronized boolean arrive(Key key, R record) {
    if (key == null) {
      return true;
    }
    Queue<R> queue = waiting.computeIfAbsent(key, k -> new ArrayDeque<>());
    queue.add(record);
    return queue.size() == 1;
  }

  /** The record with {@code key} that was running has finished; returns the next one, or null. */
  public synchronized R finished(Key key) {
    if (key == null) {
      return null;
    }
    Queue<R> queue = waiting.get(key);
    if (queue == null) {
      return null;
    }
    queue.poll();
    R next = queue.peek();
    if (next == null) {
      waiting.remove(key);
    }
    return next;
  }

  /** Forgets every key of a partition that is no longer ours. */
  public synchronized void forget(String topic, int partition) {
    waiting.keySet().removeIf(key -> key.topic().equals(topic) && key.partition() == partition);
  }

  /** Keys with a record running or waiting. */
  public synchronized int size() {
    return waiting.size();
  }
}
