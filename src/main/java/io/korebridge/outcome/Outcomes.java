package io.korebridge.outcome;

import static io.korebridge.outcome.OutcomeCaps.cap;
import static io.korebridge.outcome.OutcomeCaps.whole;

import io.korebridge.contract.CampaignEventReader;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.contract.InvalidEventException;
import io.korebridge.contract.MalformedEventException;
import io.korebridge.contract.Violation;
import io.korebridge.kore.KoreCampaignCreated;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builds outcome events; a FAILED one has the reason {@link FailureReason#of} gives its cause and
 * says what happened in the cause's own words. Every outcome it builds has a size bounded by the
 * caps in {@link OutcomeCaps}, and a FAILED one is reduced to a pointer at the original when it
 * would still be larger than {@code maxOutcomeBytes}.
 */
public class Outcomes {

  /** Larger originals are carried as Base64 only, which keeps big dead letters smaller. */
  static final int TEXT_COPY_LIMIT = 64 * 1024;

  // Worst case of one char in JSON: a control character becomes a six-byte \\uXXXX escape.
  private static final int ESCAPED_CHAR_BYTES = 6;
  // Worst case of one char as UTF-8 in a header (a surrogate pair is 4 bytes for 2 chars).
  private static final int UTF8_CHAR_BYTES = 3;
  // Field names, quotes, commas, numbers, reason, timestamp and flags of one outcome, generously.
  private static final int FRAME_BYTES = 1024;
  // A topic name is at most 249 ASCII chars; then "-partition@offset".
  private static final int LOCATION_BYTES = 249 + 1 + 10 + 1 + 19 + 2;
  // {"pointer":"","message":""}, and {"name":"","valueBase64":""}, with the comma.
  private static final int VIOLATION_FRAME_BYTES = 30;
  private static final int HEADER_FRAME_BYTES = 30;

  // A one-record batch's own bytes, on top of the record, within the topic's max.message.bytes.
  static final int BATCH_OVERHEAD_BYTES = 128;

  private final Clock clock;
  private final int maxEventBytes;
  private volatile long maxOutcomeBytes;

  /**
   * @param maxEventBytes campaign.max-event-bytes: larger originals are never copied
   * @param maxOutcomeBytes campaign.outcome.max-bytes: the largest outcome record to publish
   */
  public Outcomes(Clock clock, int maxEventBytes, long maxOutcomeBytes) {
    this.clock = clock;
    this.maxEventBytes = maxEventBytes;
    this.maxOutcomeBytes = maxOutcomeBytes;
  }

  public CampaignCreated created(
      String eventId, String tenant, KoreCampaignCreated kore, int attempts) {
    return created(eventId, tenant, kore, attempts, false);
  }

  /** The outcome of a redelivered or replayed event: the original campaign, not a new one. */
  public CampaignCreated duplicate(CampaignCreated original) {
    return created(
        original.eventId(),
        original.tenant(),
        new KoreCampaignCreated(
            original.campaignId(),
            original.campaignName(),
            original.koreStatus(),
            original.experienceFlowId(),
            original.koreMessage()),
        0,
        true);
  }

  private CampaignCreated created(
      String eventId, String tenant, KoreCampaignCreated kore, int attempts, boolean duplicate) {
    return new CampaignCreated(
        whole(eventId, OutcomeCaps.EVENT_ID_CHARS),
        whole(tenant, OutcomeCaps.TENANT_CHARS),
        kore(kore.campaignId()),
        kore(kore.name()),
        kore(kore.status()),
        kore(kore.experienceFlowId()),
        kore(kore.message()),
        attempts,
        duplicate,
        now(),
        null);
  }

  /**
   * A FAILED outcome that fits {@code maxOutcomeBytes}. The original value is copied as Base64
   * unless it is larger than {@code maxEventBytes}, and also as text when it is valid UTF-8 of at
   * most {@link #TEXT_COPY_LIMIT} bytes; its headers go to {@code originalHeaders}. When that
   * outcome would be too large as a record, the copies are left out and it is {@code reduced}.
   */
  public CampaignFailed failed(
      String eventId, String tenant, Throwable cause, int attempts, OriginalRecord original) {
    FailureReason reason = FailureReason.of(cause);
    String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    List<Violation> violations = List.of();
    int violationCount = 0;
    Integer httpStatus = null;
    String koreBody = null;
    if (cause instanceof CampaignFailedException failure) {
      error = failure.getMessage();
      httpStatus = failure.httpStatus();
      koreBody = failure.koreResponseBody();
      violations = failure.violations();
      violationCount = violations.size();
    } else if (cause instanceof MalformedEventException) {
      error = cause.getMessage();
    } else if (cause instanceof InvalidEventException invalid) {
      error = cause.getMessage();
      violations = invalid.violations();
      violationCount = invalid.total();
    } else if (cause instanceof IOException) {
      error = "Kore could not be reached: " + error;
    }
    byte[] value = original.value() == null ? new byte[0] : original.value();
    boolean embed = value.length <= maxEventBytes;
    Headers headers = headers(original.headers());
    CampaignFailed full =
        new CampaignFailed(
            whole(eventId, OutcomeCaps.EVENT_ID_CHARS),
            omitted(eventId, OutcomeCaps.EVENT_ID_CHARS),
            prefix(eventId),
            whole(tenant, OutcomeCaps.TENANT_CHARS),
            omitted(tenant, OutcomeCaps.TENANT_CHARS),
            reason,
            error(error),
            violations(violations),
            violationCount == 0 ? null : violationCount,
            httpStatus,
            OutcomeCaps.koreBody(koreBody),
            attempts,
            embed && value.length <= TEXT_COPY_LIMIT ? utf8OrNull(value) : null,
            embed ? Base64.getEncoder().encodeToString(value) : null,
            original.location(),
            headers.kept(),
            headers.truncated() ? Boolean.TRUE : null,
            null,
            now(),
            null);
    if (fits(full, original.key(), original.headers())) {
      return full;
    }
    return reduced(full);
  }

  /**
   * The outcome to publish instead when Kafka rejected {@code rejected} (RecordTooLargeException)
   * or it could not be serialized: FAILED {@link FailureReason#OUTCOME_TOO_LARGE}, with only capped
   * fields and the request's location, so it is a few kilobytes whatever the request held.
   */
  public CampaignFailed tooLarge(
      CampaignOutcome rejected, String originalLocation, Throwable cause) {
    String what =
        rejected instanceof CampaignCreated created
            ? "the CREATED outcome (Kore campaign " + created.campaignId() + ")"
            : "the " + (rejected == null ? "" : rejected.outcome() + " ") + "outcome";
    return tooLarge(
        rejected == null ? null : rejected.eventId(),
        rejected == null ? null : rejected.tenant(),
        rejected instanceof CampaignFailed failed ? failed.attempts() : 0,
        originalLocation,
        what + " could not be published: " + describe(cause));
  }

  // Package-private for OutcomesTest: an over-long event id reaches it only through a raw outcome.
  CampaignFailed tooLarge(
      String eventId, String tenant, int attempts, String originalLocation, String error) {
    return new CampaignFailed(
        whole(eventId, OutcomeCaps.EVENT_ID_CHARS),
        omitted(eventId, OutcomeCaps.EVENT_ID_CHARS),
        prefix(eventId),
        whole(tenant, OutcomeCaps.TENANT_CHARS),
        omitted(tenant, OutcomeCaps.TENANT_CHARS),
        FailureReason.OUTCOME_TOO_LARGE,
        error(error),
        null,
        null,
        null,
        null,
        attempts,
        null,
        null,
        cap(originalLocation, LOCATION_BYTES),
        null,
        null,
        Boolean.TRUE,
        now(),
        null);
  }

  /** Whether {@code outcome}, keyed with {@code key}, fits {@code maxOutcomeBytes} as a record. */
  public boolean fits(CampaignOutcome outcome, byte[] key, Map<String, byte[]> requestHeaders) {
    long size = OutcomeSizer.recordBytes(outcome, key, requestHeaders);
    return size >= 0 && size <= maxOutcomeBytes;
  }

  /**
   * An upper bound of the largest FAILED record this class builds before reducing, for requests of
   * up to {@code maxEventBytes}: computed from the caps, with every copied char counted as a
   * six-byte JSON escape. The request's key and trace headers come on top (they are copied as they
   * are).
   */
  public static long largestDeadLetterBytes(int maxEventBytes) {
    long textCopied = Math.min(maxEventBytes, TEXT_COPY_LIMIT);
    long copies =
        Math.max(base64(maxEventBytes), base64(textCopied) + ESCAPED_CHAR_BYTES * textCopied);
    long violations =
        OutcomeCaps.VIOLATIONS
            * (2L * ESCAPED_CHAR_BYTES * OutcomeCaps.VIOLATION_TEXT_CHARS + VIOLATION_FRAME_BYTES);
    long headers =
        (long) ESCAPED_CHAR_BYTES * OutcomeCaps.HEADER_BYTES
            + (long) OutcomeCaps.HEADERS * HEADER_FRAME_BYTES;
    long texts =
        (long) ESCAPED_CHAR_BYTES
            * (OutcomeCaps.EVENT_ID_CHARS
                + OutcomeCaps.TENANT_CHARS
                + OutcomeCaps.ERROR_CHARS
                + OutcomeCaps.KORE_BODY_CHARS);
    return copies + violations + headers + texts + LOCATION_BYTES + FRAME_BYTES + recordFrame();
  }

  /** An upper bound of the largest CREATED record, from the caps (key and trace headers aside). */
  public static long largestCreatedBytes() {
    long texts =
        (long) ESCAPED_CHAR_BYTES
            * (OutcomeCaps.EVENT_ID_CHARS
                + OutcomeCaps.TENANT_CHARS
                + 5L * OutcomeCaps.KORE_FIELD_CHARS);
    return texts + FRAME_BYTES + recordFrame();
  }

  /** The largest dead letter this service publishes: the full one, or at most the limit. */
  public long largestPublishedDeadLetterBytes() {
    return Math.min(largestDeadLetterBytes(maxEventBytes), maxOutcomeBytes);
  }

  public long maxOutcomeBytes() {
    return maxOutcomeBytes;
  }

  /**
   * Lowers the outcome limit to what an outcome topic takes ({@code max.message.bytes}, read at
   * start-up), so that an outcome too large for it is reduced before it is sent instead of being
   * refused by Kafka and replaced by OUTCOME_TOO_LARGE; never raises it.
   */
  public void fitTopicLimit(long maxMessageBytes) {
    long fit = maxMessageBytes - BATCH_OVERHEAD_BYTES;
    if (fit > 0 && fit < maxOutcomeBytes) {
      maxOutcomeBytes = fit;
    }
  }

  private static long recordFrame() {
    return OutcomeSizer.RECORD_OVERHEAD_BYTES
        + OutcomeSizer.FIXED_HEADER_BYTES
        + 2L * UTF8_CHAR_BYTES * OutcomeCaps.EVENT_ID_CHARS;
  }

  private static long base64(long bytes) {
    return 4 * ((bytes + 2) / 3);
  }

  /** The dead letter without copies, violations list, Kore body or headers: bounded by caps. */
  private CampaignFailed reduced(CampaignFailed full) {
    return new CampaignFailed(
        full.eventId(),
        full.eventIdOmitted(),
        full.eventIdPrefix(),
        full.tenant(),
        full.tenantOmitted(),
        full.reason(),
        full.error(),
        null,
        full.violationCount(),
        full.httpStatus(),
        null,
        full.attempts(),
        null,
        null,
        full.originalEventLocation(),
        null,
        null,
        Boolean.TRUE,
        full.processedAt(),
        full.registrySchemaId());
  }

  // Only for an omitted id: enough of it to recognise the request, never the whole of it.
  private static String prefix(String eventId) {
    return eventId != null && eventId.length() > OutcomeCaps.EVENT_ID_CHARS
        ? cap(eventId, OutcomeCaps.EVENT_ID_PREFIX_CHARS)
        : null;
  }

  private static Boolean omitted(String text, int max) {
    return text != null && text.length() > max ? Boolean.TRUE : null;
  }

  private static String error(String error) {
    return cap(OutcomeCaps.redactJwts(head(error)), OutcomeCaps.ERROR_CHARS);
  }

  // Cut very long texts before the regex runs over them; the cap comes after redaction.
  private static String head(String text) {
    int room = 4 * OutcomeCaps.ERROR_CHARS;
    return text != null && text.length() > room ? text.substring(0, room) : text;
  }

  // Capped to a bounded head before redaction, as Kore's body is: Kore's fields are not ours.
  private static String kore(String text) {
    String head =
        text != null && text.length() > 4 * OutcomeCaps.KORE_FIELD_CHARS
            ? text.substring(0, 4 * OutcomeCaps.KORE_FIELD_CHARS)
            : text;
    return cap(OutcomeCaps.redactJwts(head), OutcomeCaps.KORE_FIELD_CHARS);
  }

  private static String describe(Throwable cause) {
    return cause == null
        ? "unknown error"
        : cause.getClass().getSimpleName() + ": " + head(String.valueOf(cause.getMessage()));
  }

  private static List<Violation> violations(List<Violation> all) {
    // Already sorted by pointer: the first ones are kept, as they would be listed.
    return all.stream()
        .limit(OutcomeCaps.VIOLATIONS)
        .map(
            v ->
                new Violation(
                    cap(v.pointer(), OutcomeCaps.VIOLATION_TEXT_CHARS),
                    cap(v.message(), OutcomeCaps.VIOLATION_TEXT_CHARS)))
        .toList();
  }

  private record Headers(List<OriginalHeader> kept, boolean truncated) {}

  /** The headers in record order while within both caps; a header is kept whole or not at all. */
  private static Headers headers(Map<String, byte[]> headers) {
    List<OriginalHeader> kept = new ArrayList<>();
    boolean truncated = false;
    long bytes = 0;
    for (Map.Entry<String, byte[]> header : headers.entrySet()) {
      byte[] value = header.getValue() == null ? new byte[0] : header.getValue();
      long size = header.getKey().getBytes(StandardCharsets.UTF_8).length + (long) value.length;
      if (kept.size() == OutcomeCaps.HEADERS) {
        truncated = true;
        break;
      }
      if (bytes + size > OutcomeCaps.HEADER_BYTES) {
        // Left out, but later smaller headers are still kept, in their order.
        truncated = true;
        continue;
      }
      bytes += size;
      kept.add(new OriginalHeader(header.getKey(), Base64.getEncoder().encodeToString(value)));
    }
    return new Headers(kept, truncated);
  }

  private String now() {
    return clock.instant().toString();
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return CampaignEventReader.utf8(bytes);
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
  }
}
