package io.korebridge.outcome;

/**
 * Limits on everything an outcome copies from an unvalidated event or from Kore, so that any legal
 * request gets an outcome of a size known in advance (see {@link Outcomes#largestDeadLetterBytes}).
 */
public final class OutcomeCaps {

  /** Longer ids are not copied; the outcome says {@code eventIdOmitted} instead. */
  public static final int EVENT_ID_CHARS = 128;

  /** The start of an omitted eventId kept in {@code eventIdPrefix}. */
  public static final int EVENT_ID_PREFIX_CHARS = 64;

  /** Longer tenant names are not copied; the outcome says {@code tenantOmitted} instead. */
  public static final int TENANT_CHARS = 64;

  /** Violations listed; {@code violationCount} gives the total. */
  public static final int VIOLATIONS = 100;

  /** Each violation's pointer and message. */
  public static final int VIOLATION_TEXT_CHARS = 256;

  /** The {@code error} text. */
  public static final int ERROR_CHARS = 1024;

  /** Kore's response body on a FAILED outcome. */
  public static final int KORE_BODY_CHARS = 8 * 1024;

  /** Each Kore-supplied text on a CREATED outcome (campaign name, status, message, ids). */
  public static final int KORE_FIELD_CHARS = 1024;

  /** Request headers kept in {@code originalHeaders}. */
  public static final int HEADERS = 64;

  /** Raw bytes (names and values) of the request headers kept in {@code originalHeaders}. */
  public static final int HEADER_BYTES = 16 * 1024;

  /** Marks text that was cut; counted within the cap. */
  public static final String ELLIPSIS = "…";

  static final String REDACTED_JWT = "[redacted JWT]";

  private OutcomeCaps() {}

  /**
   * The text itself when it has at most {@code max} chars, else its start and {@link #ELLIPSIS}.
   */
  public static String cap(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - ELLIPSIS.length();
    // Never cut a surrogate pair in half: the outcome must stay valid Unicode.
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  /** The text when it has at most {@code max} chars, else null: an id is copied whole or not. */
  public static String whole(String text, int max) {
    return text != null && text.length() <= max ? text : null;
  }

  /** Kore's body for an outcome: tokens replaced, then capped at {@link #KORE_BODY_CHARS}. */
  public static String koreBody(String body) {
    if (body == null) {
      return null;
    }
    // Redact before capping, so a token cut by the cap cannot survive in part; bounded input first.
    String head =
        body.length() > 4 * KORE_BODY_CHARS ? body.substring(0, 4 * KORE_BODY_CHARS) : body;
    return cap(redactJwts(head), KORE_BODY_CHARS);
  }

  /**
   * Every JWT-looking run in {@code text} replaced by {@value #REDACTED_JWT}: from {@code eyJ} (a
   * JSON header in base64url) through three base64url segments, the second not empty. A hand scan,
   * linear in the text's length: each char is looked at a bounded number of times, where a regex
   * retried from every {@code eyJ} of a long run such as {@code eyJeyJeyJ...} is quadratic.
   */
  public static String redactJwts(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from < text.length()) {
      int start = text.indexOf("eyJ", from);
      if (start < 0) {
        break;
      }
      int headerEnd = segmentEnd(text, start + 3);
      int payloadEnd = dotAt(text, headerEnd) ? segmentEnd(text, headerEnd + 1) : -1;
      if (payloadEnd > headerEnd + 1 && dotAt(text, payloadEnd)) {
        int end = segmentEnd(text, payloadEnd + 1);
        out = out == null ? new StringBuilder(text.length()) : out;
        out.append(text, copied, start).append(REDACTED_JWT);
        copied = end;
        from = end;
      } else {
        // Any later "eyJ" in this segment ends at the same place, so it fails the same way.
        from = headerEnd;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static int segmentEnd(String text, int from) {
    int i = from;
    while (i < text.length() && isBase64Url(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean dotAt(String text, int index) {
    return index < text.length() && text.charAt(index) == '.';
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }
}
