package io.korebridge.delivery;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The offsets above a committed offset whose records already have their outcome, written into the
 * commit's metadata. A partition's next owner skips them, so a rebalance or restart during a hold
 * does not publish those outcomes a second time. Encoded as {@code kcb1:} and base-36 distances
 * from the committed offset; what does not fit Kafka's default 4,096-character metadata limit is
 * left out (those records are then processed again, at worst).
 */
public final class FinishedAbove {

  static final String PREFIX = "kcb1:";
  static final int MAX_CHARS = 4000;

  private FinishedAbove() {}

  public static String encode(long committed, List<Long> finished) {
    StringBuilder text = new StringBuilder(PREFIX);
    for (long offset : finished) {
      String distance = Long.toString(offset - committed, 36);
      if (text.length() + distance.length() + 1 > MAX_CHARS) {
        break;
      }
      if (text.length() > PREFIX.length()) {
        text.append(',');
      }
      text.append(distance);
    }
    return text.toString();
  }

  /** The finished offsets a commit's metadata names; empty for anything else. */
  public static Set<Long> decode(long committed, String metadata) {
    Set<Long> finished = new TreeSet<>();
    if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() == PREFIX.length()) {
      return finished;
    }
    try {
      for (String distance : metadata.substring(PREFIX.length()).split(",")) {
        long offset = committed + Long.parseLong(distance, 36);
        if (offset > committed) {
          finished.add(offset);
        }
      }
    } catch (NumberFormatException unreadable) {
      return new TreeSet<>();
    }
    return finished;
  }
}
