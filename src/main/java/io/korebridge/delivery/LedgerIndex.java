package io.korebridge.delivery;

import io.korebridge.outcome.CampaignCreated;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's memory: per event, what its duplicate CREATED outcome repeats, for at most {@code
 * retention} after it was recorded and at most {@code maxEntries} events (the oldest go first);
 * and, apart, the open call intents (a create about to be sent, no result recorded after it),
 * bounded the same way. A result closes its event's intent.
 *
 * <p>An entry is a 16-byte {@link LedgerKey} and one byte array holding the record time, the
 * attempts and the five Kore strings as UTF-8; tenant and eventId are the look-up's own arguments.
 * About 310 bytes per entry with Kore's usual values, map overhead included (docs/benchmarks.md).
 */
final class LedgerIndex {

  private final long retentionMillis;
  private final int maxEntries;
  private final Clock clock;
  // Insertion order = record order, so the eldest entry is the oldest one.
  private final LinkedHashMap<LedgerKey, byte[]> entries;
  private final LinkedHashMap<LedgerKey, byte[]> intents;
  private long evictedBeforeExpiry;

  LedgerIndex(Duration retention, int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.retentionMillis = retention.toMillis();
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<LedgerKey, byte[]> eldest) {
            if (size() <= LedgerIndex.this.maxEntries) {
              return false;
            }
            if (!expired(eldest.getValue())) {
              evictedBeforeExpiry++;
            }
            return true;
          }
        };
    this.intents =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<LedgerKey, byte[]> eldest) {
            if (size() <= LedgerIndex.this.maxEntries) {
              return false;
            }
            if (!expired(eldest.getValue())) {
              evictedBeforeExpiry++;
            }
            return true;
          }
        };
  }

  /**
   * Remembers an open intent recorded at {@code recordedAtMillis}, unless a result is already known
   * for its event (a replayed intent older than its result); false when not kept.
   */
  synchronized boolean putIntent(CallIntent intent, long recordedAtMillis) {
    byte[] entry = encodeIntent(intent, recordedAtMillis);
    LedgerKey key = LedgerKey.of(intent.tenant(), intent.eventId());
    if (expired(entry) || entries.containsKey(key)) {
      return false;
    }
    intents.remove(key);
    intents.put(key, entry);
    return true;
  }

  /** The open intent of an event: a create that may have reached Kore with no result recorded. */
  synchronized Optional<CallIntent> getIntent(String tenant, String eventId) {
    return live(intents, LedgerKey.of(tenant, eventId))
        .map(entry -> decodeIntent(entry, tenant, eventId));
  }

  synchronized int openIntents() {
    return intents.size();
  }

  /** Remembers an outcome recorded at {@code recordedAtMillis}; false when that is too long ago. */
  synchronized boolean put(CampaignCreated outcome, long recordedAtMillis) {
    byte[] entry = encode(outcome, recordedAtMillis);
    if (expired(entry)) {
      return false;
    }
    LedgerKey key = LedgerKey.of(outcome.tenant(), outcome.eventId());
    // Removed first so that a rewritten entry moves to the young end of the eviction order.
    entries.remove(key);
    entries.put(key, entry);
    intents.remove(key);
    return true;
  }

  synchronized Optional<CampaignCreated> get(String tenant, String eventId) {
    return live(entries, LedgerKey.of(tenant, eventId))
        .map(entry -> decode(entry, tenant, eventId));
  }

  /** The key's entry in {@code map} unless it has expired, which also drops it. */
  private Optional<byte[]> live(Map<LedgerKey, byte[]> map, LedgerKey key) {
    byte[] entry = map.get(key);
    if (entry != null && expired(entry)) {
      map.remove(key);
      entry = null;
    }
    return Optional.ofNullable(entry);
  }

  synchronized void remove(String tenant, String eventId) {
    entries.remove(LedgerKey.of(tenant, eventId));
    intents.remove(LedgerKey.of(tenant, eventId));
  }

  /** Drops expired entries from the old end; returns how many. */
  synchronized int dropExpired() {
    return dropExpired(entries) + dropExpired(intents);
  }

  private int dropExpired(LinkedHashMap<LedgerKey, byte[]> map) {
    int dropped = 0;
    Iterator<byte[]> oldestFirst = map.values().iterator();
    while (oldestFirst.hasNext()) {
      if (!expired(oldestFirst.next())) {
        break;
      }
      oldestFirst.remove();
      dropped++;
    }
    return dropped;
  }

  synchronized int size() {
    return entries.size();
  }

  /** How many entries the bound pushed out before their retention ended. */
  synchronized long evictedBeforeExpiry() {
    return evictedBeforeExpiry;
  }

  int maxEntries() {
    return maxEntries;
  }

  private boolean expired(byte[] entry) {
    return ByteBuffer.wrap(entry).getLong() + retentionMillis <= clock.millis();
  }

  static byte[] encode(CampaignCreated outcome, long recordedAtMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    ByteBuffer time = ByteBuffer.allocate(Long.BYTES).putLong(recordedAtMillis);
    out.writeBytes(time.array());
    writeVarInt(out, Math.max(0, outcome.attempts()));
    writeString(out, outcome.campaignId());
    writeString(out, outcome.campaignName());
    writeString(out, outcome.koreStatus());
    writeString(out, outcome.experienceFlowId());
    writeString(out, outcome.koreMessage());
    return out.toByteArray();
  }

  static CampaignCreated decode(byte[] entry, String tenant, String eventId) {
    ByteBuffer in = ByteBuffer.wrap(entry);
    long recordedAt = in.getLong();
    int attempts = readVarInt(in);
    return new CampaignCreated(
        eventId,
        tenant,
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        attempts,
        false,
        Instant.ofEpochMilli(recordedAt).toString(),
        null);
  }

  static byte[] encodeIntent(CallIntent intent, long recordedAtMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(80);
    out.writeBytes(
        ByteBuffer.allocate(Long.BYTES * 3)
            .putLong(recordedAtMillis)
            .putLong(intent.firstAttemptAt().toEpochMilli())
            .putLong(intent.at().toEpochMilli())
            .array());
    writeVarInt(out, intent.attempt());
    writeString(out, intent.campaignName());
    return out.toByteArray();
  }

  static CallIntent decodeIntent(byte[] entry, String tenant, String eventId) {
    ByteBuffer in = ByteBuffer.wrap(entry);
    in.getLong();
    Instant first = Instant.ofEpochMilli(in.getLong());
    Instant at = Instant.ofEpochMilli(in.getLong());
    int attempt = readVarInt(in);
    return new CallIntent(tenant, eventId, readString(in), attempt, first, at);
  }

  // Length + 1 as an unsigned LEB128 varint (0 = null): one byte for strings under 127 bytes.
  private static void writeString(ByteArrayOutputStream out, String value) {
    if (value == null) {
      writeVarInt(out, 0);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarInt(out, utf8.length + 1);
    out.writeBytes(utf8);
  }

  private static String readString(ByteBuffer in) {
    int length = readVarInt(in) - 1;
    if (length < 0) {
      return null;
    }
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private static void writeVarInt(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7F) != 0) {
      out.write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  private static int readVarInt(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }
}
