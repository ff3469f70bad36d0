package io.korebridge.outcome;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.korebridge.event.Violation;
import java.util.List;

/**
 * The request did not become a campaign. It carries the original Kafka value twice: Base64 for an
 * exact, replayable copy, and as text when the bytes are valid UTF-8 so operators can read it.
 * Everything copied from the event is capped ({@link OutcomeCaps}); a dead letter that would still
 * be too large to publish is {@code reduced} to a pointer at the original.
 *
 * @param eventIdOmitted true when the event had an eventId too long to copy
 * @param tenantOmitted true when the event had a tenant too long to copy
 * @param violationCount how many violations there were; {@code violations} lists the first 100
 * @param originalHeaders the request's Kafka headers in record order, for the replay tool
 * @param originalHeadersTruncated true when headers beyond the caps were left out
 * @param reduced true when the full dead letter would not fit its topic: no copy, only the location
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"eventId", "eventIdOmitted", "tenant", "tenantOmitted", "outcome", "reason"})
public record CampaignFailed(
    String eventId,
    Boolean eventIdOmitted,
    String tenant,
    Boolean tenantOmitted,
    FailureReason reason,
    String error,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Violation> violations,
    Integer violationCount,
    Integer httpStatus,
    String koreResponseBody,
    int attempts,
    String originalEvent,
    String originalEventBase64,
    String originalEventLocation,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<OriginalHeader> originalHeaders,
    Boolean originalHeadersTruncated,
    Boolean reduced,
    String processedAt)
    implements CampaignOutcome {

  @Override
  public String outcome() {
    return FAILED;
  }

  @Override
  public String summary() {
    return "reason="
        + reason
        + " httpStatus="
        + httpStatus
        + " error="
        + LogSafe.value(error, OutcomeCaps.ERROR_CHARS);
  }
}
