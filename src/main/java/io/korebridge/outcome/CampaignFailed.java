package io.korebridge.outcome;

import com.fasterxml.jackson.annotation.JsonCreator;
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
    String processedAt,
    String registrySchemaId)
    implements CampaignOutcome {

  /** The canonical constructor is the one Jackson reads outcomes with. */
  @JsonCreator
  public CampaignFailed {}

  /** An outcome of an event that came without a schema-registry frame. */
  public CampaignFailed(
      String eventId,
      String tenant,
      FailureReason reason,
      String error,
      List<Violation> violations,
      Integer httpStatus,
      String koreResponseBody,
      int attempts,
      String originalEvent,
      String originalEventBase64,
      String originalEventLocation,
      String processedAt) {
    this(
        eventId,
        tenant,
        reason,
        error,
        violations,
        httpStatus,
        koreResponseBody,
        attempts,
        originalEvent,
        originalEventBase64,
        originalEventLocation,
        processedAt,
        null);
  }

  /** This outcome for an event that a schema registry's serializer framed with that id. */
  public CampaignFailed withRegistrySchemaId(String schemaId) {
    return new CampaignFailed(
        eventId,
        tenant,
        reason,
        error,
        violations,
        httpStatus,
        koreResponseBody,
        attempts,
        originalEvent,
        originalEventBase64,
        originalEventLocation,
        processedAt,
        schemaId);
  }

  @Override
  public String outcome() {
    return FAILED;
  }

  @Override
  public String summary() {
    return "reason=" + reason + " httpStatus=" + httpStatus + " error=" + error;
  }
}
