package io.korebridge.outcome;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.korebridge.contract.FailureReason;
import io.korebridge.contract.Violation;
import java.util.List;

/**
 * The request did not become a campaign. It carries the original Kafka value twice: Base64 for an
 * exact, replayable copy, and as text when the bytes are valid UTF-8 so operators can read it.
 * Everything copied from the event is capped ({@link OutcomeCaps}); a dead letter that would still
 * be too large to publish is {@code reduced} to a pointer at the original.
 *
 * @param eventIdOmitted true when the event had an eventId too long to copy
 * @param eventIdPrefix the start of such an eventId ({@value OutcomeCaps#EVENT_ID_PREFIX_CHARS}
 *     chars, escaped as any text), so that the request can still be recognised
 * @param tenantOmitted true when the event had a tenant too long to copy
 * @param violationCount how many violations there were; {@code violations} lists the first 100
 * @param originalHeaders the request's Kafka headers in record order, for the replay tool
 * @param originalHeadersTruncated true when headers beyond the caps were left out
 * @param reduced true when the full dead letter would not fit its topic: no copy, only the location
 * @param registrySchemaId the schema-registry id the request was framed with, if it was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "eventId",
  "eventIdOmitted",
  "eventIdPrefix",
  "tenant",
  "tenantOmitted",
  "outcome",
  "reason"
})
public record CampaignFailed(
    String eventId,
    Boolean eventIdOmitted,
    String eventIdPrefix,
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
    String processedAt,
    String registrySchemaId)
    implements CampaignOutcome {

  /** The canonical constructor is the one Jackson reads outcomes with. */
  @JsonCreator
  public CampaignFailed {}

  /** This outcome for an event that a schema registry's serializer framed with that id. */
  public CampaignFailed withRegistrySchemaId(String schemaId) {
    return new CampaignFailed(
        eventId,
        eventIdOmitted,
        eventIdPrefix,
        tenant,
        tenantOmitted,
        reason,
        error,
        violations,
        violationCount,
        httpStatus,
        koreResponseBody,
        attempts,
        originalEvent,
        originalEventBase64,
        originalEventLocation,
        originalHeaders,
        originalHeadersTruncated,
        reduced,
        processedAt,
        schemaId);
  }

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
        + SafeText.forLog(error, OutcomeCaps.ERROR_CHARS);
  }
}
