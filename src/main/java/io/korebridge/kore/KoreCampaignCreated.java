package io.korebridge.kore;

/** What Kore said when it accepted a campaign. */
public record KoreCampaignCreated(
    String campaignId, String name, String status, String experienceFlowId, String message) {}
