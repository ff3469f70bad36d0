package io.korebridge.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;

/**
 * The ledger's key of one event. On the topic it is {@code <length of tenant>:<tenant>/<eventId>}
 * (the length in UTF-16 characters, as {@link String#length()}), so tenant {@code a/b} with event
 * {@code c} ({@code 3:a/b/c}) and tenant {@code a} with event {@code b/c} ({@code 1:a/b/c}) differ.
 * In memory only the first 128 bits of its SHA-256 are kept: 16 bytes instead of the whole string.
 */
record LedgerKey(long high, long low) {

  static LedgerKey of(String tenant, String eventId) {
    return digest(recordKey(tenant, eventId));
  }

  /** The record key written to the topic. */
  static String recordKey(String tenant, String eventId) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(eventId, "eventId");
    return tenant.length() + ":" + tenant + "/" + eventId;
  }

  /** Tenant and eventId of a record key in the length-prefixed form; empty for the old form. */
  static Optional<String[]> parseRecordKey(String key) {
    if (key == null) {
      return Optional.empty();
    }
    int colon = key.indexOf(':');
    if (colon < 1) {
      return Optional.empty();
    }
    try {
      int length = Integer.parseInt(key.substring(0, colon));
      int slash = colon + 1 + length;
      if (length < 0 || slash >= key.length() || key.charAt(slash) != '/') {
        return Optional.empty();
      }
      return Optional.of(new String[] {key.substring(colon + 1, slash), key.substring(slash + 1)});
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static LedgerKey digest(String recordKey) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(recordKey.getBytes(StandardCharsets.UTF_8));
      ByteBuffer bits = ByteBuffer.wrap(hash);
      return new LedgerKey(bits.getLong(), bits.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
