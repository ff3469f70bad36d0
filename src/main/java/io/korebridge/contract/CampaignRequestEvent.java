package io.korebridge.contract;

/** Version 1 of the campaign-request event a CRM publishes to the requests topic. */
public record CampaignRequestEvent(String eventId, String tenant, RequestedCampaign campaign) {

  public static final String DEFAULT_TENANT = "default";

  public String tenantOrDefault() {
    return tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant;
  }
}
