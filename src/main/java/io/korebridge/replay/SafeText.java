package io.korebridge.replay;

import java.util.Locale;

/**
 * Event-supplied text made safe for the operator's terminal: control characters (C0, DEL, C1),
 * format characters (bidi overrides and isolates, zero-width marks), line and paragraph separators,
 * lone surrogates, private-use and unassigned code points are escaped as <code>&#92;u{XX}</code>
 * (hex code point), a backslash is doubled, and long values are cut, so a dead letter can neither
 * send terminal escapes nor forge report lines.
 */
public final class SafeText {

  /** Most characters of a value that are printed; ids and tenants are far shorter. */
  public static final int MAX_CHARS = 128;

  private SafeText() {}

  /** {@code value} escaped and cut to {@value #MAX_CHARS} code points; {@code null} as "null". */
  public static String of(String value) {
    return of(value, MAX_CHARS);
  }

  /** {@code value} escaped and cut to {@code maxCodePoints} code points. */
  public static String of(String value, int maxCodePoints) {
    if (value == null) {
      return "null";
    }
    int total = value.codePointCount(0, value.length());
    StringBuilder out = new StringBuilder(Math.min(value.length(), maxCodePoints) + 16);
    int printed = 0;
    for (int i = 0; i < value.length() && printed < maxCodePoints; printed++) {
      int codePoint = value.codePointAt(i);
      i += Character.charCount(codePoint);
      if (codePoint == '\\') {
        out.append("\\\\");
      } else if (needsEscape(codePoint)) {
        out.append("\\u{")
            .append(Integer.toHexString(codePoint).toUpperCase(Locale.ROOT))
            .append('}');
      } else {
        out.appendCodePoint(codePoint);
      }
    }
    if (total > printed) {
      out.append("...[").append(total - printed).append(" more]");
    }
    return out.toString();
  }

  private static boolean needsEscape(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
              Character.FORMAT,
              Character.LINE_SEPARATOR,
              Character.PARAGRAPH_SEPARATOR,
              Character.SURROGATE,
              Character.PRIVATE_USE,
              Character.UNASSIGNED ->
          true;
      default -> false;
    };
  }
}
