package io.korebridge.outcome;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.korebridge.event.Violation;
import java.util.List;

/**
 * The request did not become a campaign. It carries the original Kafka value twice: Base64 for an
 * exact, replayable copy, and as text when the bytes are valid UTF-8 so operators can read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"eventId", "tenant", "outcome", "reason", "error"})
public record CampaignFailed(
    String eventId,
    String tenant,
    FailureReason reason,
    String error,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Violation> violations,
    Integer httpStatus,
    String koreResponseBody,
    int attempts,
    String originalEvent,
    String originalEventBase64,
    String originalEventLocation,
    String processedAt)
    implements CampaignOutcome {

  @Override
  public String outcome() {
    return FAILED;
  }

  @Override
  public String summary() {
    return "reason=" + reason + " httpStatus=" + httpStatus + " error=" + error;
  }
}
