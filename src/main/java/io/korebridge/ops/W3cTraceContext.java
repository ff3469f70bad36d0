package io.korebridge.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the CRM-supplied W3C trace context (<a href="https://www.w3.org/TR/trace-context/">Trace
 * Context Level 1</a>) before the bridge forwards it: a {@code traceparent} must be well-formed
 * version {@code 00}, a {@code tracestate} is forwarded only with a valid {@code traceparent}, only
 * when every member is well-formed, and cut to {@value #MAX_MEMBERS} members and {@value
 * #MAX_TRACESTATE_CHARS} characters.
 */
public final class W3cTraceContext {

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  static final int MAX_MEMBERS = 32;
  static final int MAX_TRACESTATE_CHARS = 512;

  /** Members longer than this are the first dropped when the header is too long (spec §3.3.1.5). */
  static final int LONG_MEMBER_CHARS = 128;

  // Version 00 only: ff is invalid and later versions are not defined yet. Lower-case hex only.
  private static final Pattern TRACEPARENT_00 =
      Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

  private static final String KEY_CHARS = "[a-z0-9_\\-*/]";
  private static final Pattern MEMBER_KEY =
      Pattern.compile(
          "[a-z]"
              + KEY_CHARS
              + "{0,255}"
              + "|[a-z0-9]"
              + KEY_CHARS
              + "{0,240}@[a-z]"
              + KEY_CHARS
              + "{0,13}");
  // Printable ASCII without ',' and '='; the last character is not a space.
  private static final Pattern MEMBER_VALUE =
      Pattern.compile(
          "[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");

  private W3cTraceContext() {}

  /** The value when it is a valid version-00 {@code traceparent}, else empty. */
  public static Optional<String> validTraceparent(String value) {
    return value != null && TRACEPARENT_00.matcher(value).matches()
        ? Optional.of(value)
        : Optional.empty();
  }

  /**
   * The {@code tracestate} to forward: empty when any member is malformed or a key repeats (the
   * spec forbids propagating what cannot be parsed), else at most {@value #MAX_MEMBERS} members and
   * {@value #MAX_TRACESTATE_CHARS} characters, dropping long members first, then from the right.
   */
  public static Optional<String> boundedTracestate(String value) {
    if (value == null || value.length() > 8 * 1024) {
      return Optional.empty();
    }
    List<String> members = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (String raw : value.split(",", -1)) {
      String member = raw.strip();
      if (member.isEmpty()) {
        continue;
      }
      int equals = member.indexOf('=');
      if (equals < 0
          || !MEMBER_KEY.matcher(member.substring(0, equals)).matches()
          || !MEMBER_VALUE.matcher(member.substring(equals + 1)).matches()
          || !keys.add(member.substring(0, equals))) {
        return Optional.empty();
      }
      members.add(member);
    }
    // The left-most members are the most recent; the spec lets a vendor drop from the right.
    List<String> kept = new ArrayList<>(members.subList(0, Math.min(members.size(), MAX_MEMBERS)));
    if (length(kept) > MAX_TRACESTATE_CHARS) {
      kept.removeIf(member -> member.length() > LONG_MEMBER_CHARS);
    }
    while (length(kept) > MAX_TRACESTATE_CHARS) {
      kept.remove(kept.size() - 1);
    }
    return kept.isEmpty() ? Optional.empty() : Optional.of(String.join(",", kept));
  }

  /**
   * The trace headers to forward, found case-insensitively among a record's headers: a valid {@code
   * traceparent} and, with it only, a bounded {@code tracestate}; nothing otherwise.
   */
  public static Map<String, String> forwardable(Map<String, byte[]> recordHeaders) {
    Map<String, String> forward = new LinkedHashMap<>();
    if (recordHeaders == null) {
      return forward;
    }
    String traceparent = null;
    String tracestate = null;
    for (Map.Entry<String, byte[]> header : recordHeaders.entrySet()) {
      if (header.getValue() == null) {
        continue;
      }
      if (TRACEPARENT.equalsIgnoreCase(header.getKey())) {
        traceparent = new String(header.getValue(), StandardCharsets.UTF_8);
      } else if (TRACESTATE.equalsIgnoreCase(header.getKey())) {
        tracestate = new String(header.getValue(), StandardCharsets.UTF_8);
      }
    }
    Optional<String> parent = validTraceparent(traceparent);
    if (parent.isPresent()) {
      forward.put(TRACEPARENT, parent.get());
      boundedTracestate(tracestate).ifPresent(bounded -> forward.put(TRACESTATE, bounded));
    }
    return forward;
  }

  private static int length(List<String> members) {
    return members.stream().mapToInt(String::length).sum() + Math.max(0, members.size() - 1);
  }
}
