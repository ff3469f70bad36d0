package io.korebridge.outcome;

import java.util.regex.Pattern;

/**
 * Limits on everything an outcome copies from an unvalidated event or from Kore, so that any legal
 * request gets an outcome of a size known in advance (see {@link Outcomes#largestDeadLetterBytes}).
 */
public final class OutcomeCaps {

  /** Longer ids are not copied; the outcome says {@code eventIdOmitted} instead. */
  public static final int EVENT_ID_CHARS = 128;

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

  /** A JWT: three base64url segments, the header a JSON object (so it starts with "eyJ"). */
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

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

  /** Every JWT-looking run in {@code text} replaced by {@value #REDACTED_JWT}. */
  public static String redactJwts(String text) {
    return text == null ? null : JWT.matcher(text).replaceAll(REDACTED_JWT);
  }
}
