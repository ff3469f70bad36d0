package io.korebridge.outcome;

import io.korebridge.event.InvalidEventException;
import io.korebridge.event.MalformedEventException;
import io.korebridge.event.Violation;
import io.korebridge.kore.KoreCampaignCreated;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/** Builds outcome events; the one place where a failure is given its reason code. */
public class Outcomes {

  /** Larger originals are carried as Base64 only, which keeps big dead letters smaller. */
  static final int TEXT_COPY_LIMIT = 64 * 1024;

  private final Clock clock;
  private final int maxEventBytes;

  public Outcomes(Clock clock, int maxEventBytes) {
    this.clock = clock;
    this.maxEventBytes = maxEventBytes;
  }

  public CampaignCreated created(
      String eventId, String tenant, KoreCampaignCreated kore, int attempts) {
    return new CampaignCreated(
        eventId,
        tenant,
        kore.campaignId(),
        kore.name(),
        kore.status(),
        kore.experienceFlowId(),
        kore.message(),
        attempts,
        false,
        clock.instant().toString());
  }

  /** The outcome of a redelivered or replayed event: the original campaign, not a new one. */
  public CampaignCreated duplicate(CampaignCreated original) {
    return new CampaignCreated(
        original.eventId(),
        original.tenant(),
        original.campaignId(),
        original.campaignName(),
        original.koreStatus(),
        original.experienceFlowId(),
        original.koreMessage(),
        0,
        true,
        clock.instant().toString());
  }

  /**
   * A FAILED outcome. The original value is copied as Base64 unless it is larger than {@code
   * maxEventBytes} (then only its location is given, so the dead letter stays publishable), and
   * also as text when it is valid UTF-8 of at most {@link #TEXT_COPY_LIMIT} bytes.
   */
  public CampaignFailed failed(
      String eventId,
      String tenant,
      Throwable cause,
      int attempts,
      byte[] originalEvent,
      String originalLocation) {
    FailureReason reason = FailureReason.INTERNAL_ERROR;
    String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    List<Violation> violations = List.of();
    Integer httpStatus = null;
    String koreBody = null;
    if (cause instanceof CampaignFailedException failure) {
      reason = failure.reason();
      error = failure.getMessage();
      httpStatus = failure.httpStatus();
      koreBody = failure.koreResponseBody();
      violations = failure.violations();
    } else if (cause instanceof MalformedEventException) {
      reason = FailureReason.MALFORMED_EVENT;
      error = cause.getMessage();
    } else if (cause instanceof InvalidEventException invalid) {
      reason = FailureReason.INVALID_EVENT;
      error = cause.getMessage();
      violations = invalid.violations();
    } else if (cause instanceof IOException) {
      reason = FailureReason.KORE_UNAVAILABLE;
      error = "Kore could not be reached: " + error;
    }
    byte[] original = originalEvent == null ? new byte[0] : originalEvent;
    boolean embed = original.length <= maxEventBytes;
    return new CampaignFailed(
        eventId,
        tenant,
        reason,
        error,
        violations,
        httpStatus,
        koreBody,
        attempts,
        embed && original.length <= TEXT_COPY_LIMIT ? utf8OrNull(original) : null,
        embed ? Base64.getEncoder().encodeToString(original) : null,
        originalLocation,
        clock.instant().toString());
  }

  /**
   * A minimal FAILED outcome for a request whose full outcome Kafka refused (too large, not
   * serializable): no copy of the request, only where it is.
   */
  public CampaignFailed outcomeTooLarge(
      String eventId, String tenant, Throwable cause, int attempts, String originalLocation) {
    return new CampaignFailed(
        eventId != null && eventId.length() <= 128 ? eventId : null,
        tenant != null && tenant.length() <= 64 ? tenant : null,
        FailureReason.INTERNAL_ERROR,
        "the full outcome could not be published: " + cause.getClass().getSimpleName(),
        List.of(),
        null,
        null,
        attempts,
        null,
        null,
        originalLocation,
        clock.instant().toString());
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
  }
}
