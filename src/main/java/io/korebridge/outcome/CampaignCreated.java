package io.korebridge.outcome;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Kore accepted the campaign; {@code campaignId} is Kore's {@code _id}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"eventId", "tenant", "outcome"})
public record CampaignCreated(
    String eventId,
    String tenant,
    String campaignId,
    String campaignName,
    String koreStatus,
    String experienceFlowId,
    String koreMessage,
    int attempts,
    boolean duplicate,
    String processedAt,
    String registrySchemaId,
    Boolean reconciled)
    implements CampaignOutcome {

  /** The canonical constructor is the one Jackson reads outcomes with. */
  @JsonCreator
  public CampaignCreated {}

  /** An outcome whose campaign Kore's answer to the create call said. */
  public CampaignCreated(
      String eventId,
      String tenant,
      String campaignId,
      String campaignName,
      String koreStatus,
      String experienceFlowId,
      String koreMessage,
      int attempts,
      boolean duplicate,
      String processedAt,
      String registrySchemaId) {
    this(
        eventId,
        tenant,
        campaignId,
        campaignName,
        koreStatus,
        experienceFlowId,
        koreMessage,
        attempts,
        duplicate,
        processedAt,
        registrySchemaId,
        null);
  }

  /**
   * This outcome for a campaign found in Kore's campaign list after the create call's answer was
   * lost ({@code reconciled: true}).
   */
  public CampaignCreated asReconciled() {
    return new CampaignCreated(
        eventId,
        tenant,
        campaignId,
        campaignName,
        koreStatus,
        experienceFlowId,
        koreMessage,
        attempts,
        duplicate,
        processedAt,
        registrySchemaId,
        Boolean.TRUE);
  }

  /** This outcome for an event that a schema registry's serializer framed with that id. */
  public CampaignCreated withRegistrySchemaId(String schemaId) {
    return new CampaignCreated(
        eventId,
        tenant,
        campaignId,
        campaignName,
        koreStatus,
        experienceFlowId,
        koreMessage,
        attempts,
        duplicate,
        processedAt,
        schemaId,
        reconciled);
  }

  @Override
  public String outcome() {
    return CREATED;
  }

  @Override
  public String summary() {
    return "campaignId="
        + SafeText.forLog(campaignId)
        + " attempts="
        + attempts
        + (duplicate ? " duplicate" : "")
        + (Boolean.TRUE.equals(reconciled) ? " reconciled" : "");
  }
}
