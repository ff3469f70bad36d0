package io.korebridge.outcome;

/**
 * Event-supplied values made fit for a log line: cut to {@link #MAX_CHARS} and with control
 * characters escaped, so a value can neither flood the log nor forge a line with CR or LF.
 */
public final class LogSafe {

  public static final int MAX_CHARS = 128;

  private LogSafe() {}

  /** {@code value} truncated to {@link #MAX_CHARS} chars and escaped; {@code null} as "null". */
  public static String value(Object value) {
    return value(value, MAX_CHARS);
  }

  /** As {@link #value(Object)} with another length limit. */
  public static String value(Object value, int maxChars) {
    if (value == null) {
      return "null";
    }
    String text = OutcomeCaps.cap(value.toString(), maxChars);
    StringBuilder safe = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> safe.append("\\r");
        case '\n' -> safe.append("\\n");
        case '\t' -> safe.append("\\t");
        case '\\' -> safe.append("\\\\");
        default -> {
          if (Character.isISOControl(c)
              || c == '\u2028'
              || c == '\u2029'
              || c == '\u0085'
              || (Character.isSurrogate(c) && !pairedAt(text, i))) {
            safe.append(String.format("\\u%04x", (int) c));
          } else {
            safe.append(c);
          }
        }
      }
    }
    return safe.toString();
  }

  private static boolean pairedAt(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
