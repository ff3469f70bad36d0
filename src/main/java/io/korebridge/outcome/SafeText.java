package io.korebridge.outcome;

import java.util.Locale;

/**
 * Event-supplied text made safe to print, so that a value can neither flood the output, forge a
 * line, nor send terminal escapes. A backslash is always doubled, so an escape cannot be faked. Two
 * forms, one for each reader:
 *
 * <ul>
 *   <li>{@link #forLog} (the service's log lines): cut to {@link #MAX_CHARS} chars with {@code …};
 *       CR, LF and tab as {@code \r}, {@code \n}, {@code \t}; other control characters, U+2028,
 *       U+2029 and lone surrogates as {@code \}{@code uXXXX}.
 *   <li>{@link #forTerminal} (the replay command's report): control characters (C0, DEL, C1),
 *       format characters (bidi overrides and isolates, zero-width marks), line and paragraph
 *       separators, lone surrogates, private-use and unassigned code points as <code>&#92;u{XX}
 *       </code> (hex code point); cut to {@link #MAX_CHARS} code points with {@code ...[N more]}.
 * </ul>
 */
public final class SafeText {

  /** Most characters of a value that are printed; ids and tenants are far shorter. */
  public static final int MAX_CHARS = 128;

  private SafeText() {}

  /** {@code value} truncated to {@link #MAX_CHARS} chars and escaped; {@code null} as "null". */
  public static String forLog(Object value) {
    return forLog(value, MAX_CHARS);
  }

  /** As {@link #forLog(Object)} with another length limit. */
  public static String forLog(Object value, int maxChars) {
    if (value == null) {
      return "null";
    }
    return escape(OutcomeCaps.cap(value.toString(), maxChars), Integer.MAX_VALUE, Style.LOG);
  }

  /** {@code value} escaped and cut to {@value #MAX_CHARS} code points; {@code null} as "null". */
  public static String forTerminal(String value) {
    return forTerminal(value, MAX_CHARS);
  }

  /** {@code value} escaped and cut to {@code maxCodePoints} code points. */
  public static String forTerminal(String value, int maxCodePoints) {
    if (value == null) {
      return "null";
    }
    return escape(value, maxCodePoints, Style.TERMINAL);
  }

  private static String escape(String text, int maxCodePoints, Style style) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints) + 16);
    int i = 0;
    for (int printed = 0; i < text.length() && printed < maxCodePoints; printed++) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (codePoint == '\\') {
        out.append("\\\\");
      } else {
        style.append(codePoint, out);
      }
    }
    if (i < text.length()) {
      out.append("...[").append(text.codePointCount(i, text.length())).append(" more]");
    }
    return out.toString();
  }

  private enum Style {
    LOG {
      @Override
      void append(int codePoint, StringBuilder out) {
        switch (codePoint) {
          case '\r' -> out.append("\\r");
          case '\n' -> out.append("\\n");
          case '\t' -> out.append("\\t");
          default -> {
            if (Character.isISOControl(codePoint)
                || codePoint == '\u2028'
                || codePoint == '\u2029'
                || Character.getType(codePoint) == Character.SURROGATE) {
              out.append(String.format("\\u%04x", codePoint));
            } else {
              out.appendCodePoint(codePoint);
            }
          }
        }
      }
    },
    TERMINAL {
      @Override
      void append(int codePoint, StringBuilder out) {
        switch (Character.getType(codePoint)) {
          case Character.CONTROL,
                  Character.FORMAT,
                  Character.LINE_SEPARATOR,
                  Character.PARAGRAPH_SEPARATOR,
                  Character.SURROGATE,
                  Character.PRIVATE_USE,
                  Character.UNASSIGNED ->
              out.append("\\u{")
                  .append(Integer.toHexString(codePoint).toUpperCase(Locale.ROOT))
                  .append('}');
          default -> out.appendCodePoint(codePoint);
        }
      }
    };

    abstract void append(int codePoint, StringBuilder out);
  }
}
