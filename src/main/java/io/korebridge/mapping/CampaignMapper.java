package io.korebridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.contract.CallingHours;
import io.korebridge.contract.CallingWindow;
import io.korebridge.contract.CampaignRequestEvent;
import io.korebridge.contract.KoreTimeOfDay;
import io.korebridge.contract.RequestedCampaign;
import io.korebridge.mapping.KoreCampaignBody.CallerId;
import io.korebridge.mapping.KoreCampaignBody.DialingStrategy;
import io.korebridge.mapping.KoreCampaignBody.DncLists;
import io.korebridge.mapping.KoreCampaignBody.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.camel.Body;

/**
 * Maps a campaign request to Kore's create-campaign body. It expects an event that has passed the
 * {@link io.korebridge.contract.EventContract} (schema and the rules beyond it) and only converts.
 */
@ApplicationScoped
@Named("campaignMapper")
public class CampaignMapper {

  static final String CAMPAIGN_TYPE_SMS = "sms";

  /** The route step: the validated event's campaign as Kore's body (the new body). */
  public KoreCampaignBody toKoreBody(@Body CampaignRequestEvent event) {
    return toKoreBody(event.campaign());
  }

  KoreCampaignBody toKoreBody(RequestedCampaign campaign) {
    boolean simple = RequestedCampaign.FORMAT_SIMPLE.equals(campaign.formatOrDefault());
    return new KoreCampaignBody(
        campaign.name(),
        campaign.description(),
        campaign.contactLists(),
        campaign.dncList() == null ? null : new DncLists(campaign.dncList()),
        priority(campaign.priority()),
        campaign.formatOrDefault(),
        CAMPAIGN_TYPE_SMS,
        simple ? message(campaign) : null,
        new DialingStrategy(
            new CallerId(campaign.callerId()), callingHours(campaign.callingHours())),
        campaign.schedule(),
        simple ? null : campaign.experienceFlowName());
  }

  private static Message message(RequestedCampaign campaign) {
    byte[] text = campaign.message().text().getBytes(StandardCharsets.UTF_8);
    return new Message(campaign.message().templateId(), Base64.getEncoder().encodeToString(text));
  }

  /** Kore wants a string; the contract allows 3 and "3" alike. */
  private static String priority(JsonNode priority) {
    if (priority == null || priority.isNull()) {
      return null;
    }
    return priority.isNumber() ? Integer.toString(priority.intValue()) : priority.asText().trim();
  }

  private static KoreCampaignBody.KoreCallingHours callingHours(CallingHours hours) {
    List<KoreCampaignBody.Day> days = new ArrayList<>();
    for (CallingWindow window : hours.days()) {
      days.add(new KoreCampaignBody.Day(window.day(), kore(window.start()), kore(window.end())));
    }
    return new KoreCampaignBody.KoreCallingHours(hours.frequency(), hours.timezone(), days);
  }

  private static String kore(String time) {
    return KoreTimeOfDay.format(
        KoreTimeOfDay.parse(time)
            .orElseThrow(() -> new IllegalStateException("time not checked by contract: " + time)));
  }
}
