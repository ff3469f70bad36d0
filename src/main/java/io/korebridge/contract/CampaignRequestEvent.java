package io.korebridge.contract;

/** Version 1 of the campaign-request event a CRM publishes to the requests topic. */
public record CampaignRequestEvent(String eventId, String tenant, RequestedCampaign campaign) {

  public static final String DEFAULT_TENANT = "default";

  /**
   * The one tenant name used for the binding, credentials, budget, ledger and outcome: the event's
   * own (already a valid {@link TenantName}: the contract refuses any other, blank included), or
   * {@code default} when the event has none.
   */
  public String tenantOrDefault() {
    return tenant == null ? DEFAULT_TENANT : tenant;
  }
}
