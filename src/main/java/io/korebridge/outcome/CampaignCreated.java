package io.korebridge.outcome;

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
    String processedAt)
    implements CampaignOutcome {

  @Override
  public String outcome() {
    return CREATED;
  }

  @Override
  public String summary() {
    return "campaignId="
        + LogSafe.value(campaignId)
        + " attempts="
        + attempts
        + (duplicate ? " duplicate" : "");
  }
}
