package io.korebridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.event.CallingHours;
import io.korebridge.event.CallingWindow;
import io.korebridge.event.CampaignRequest;
import io.korebridge.event.InvalidEventException;
import io.korebridge.event.Violation;
import io.korebridge.mapping.KoreCampaignBody.CallerId;
import io.korebridge.mapping.KoreCampaignBody.DialingStrategy;
import io.korebridge.mapping.KoreCampaignBody.DncLists;
import io.korebridge.mapping.KoreCampaignBody.Message;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Maps a campaign request to Kore's create-campaign body. Rules a JSON schema cannot express (a
 * real IANA zone, start before end, readable times) are checked here, all at once.
 */
public class CampaignMapper {

  static final String CAMPAIGN_TYPE_SMS = "sms";
  private static final int MIN_PRIORITY = 1;
  private static final int MAX_PRIORITY = 5;

  public KoreCampaignBody toKoreBody(CampaignRequest campaign) {
    List<Violation> violations = new ArrayList<>();
    String priority = priority(campaign.priority(), violations);
    KoreCampaignBody.CallingHours hours = callingHours(campaign.callingHours(), violations);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(violations);
    }
    boolean simple = CampaignRequest.FORMAT_SIMPLE.equals(campaign.formatOrDefault());
    return new KoreCampaignBody(
        campaign.name(),
        campaign.description(),
        campaign.contactLists(),
        campaign.dncList() == null ? null : new DncLists(campaign.dncList()),
        priority,
        campaign.formatOrDefault(),
        CAMPAIGN_TYPE_SMS,
        simple ? message(campaign) : null,
        new DialingStrategy(new CallerId(campaign.callerId()), hours),
        campaign.schedule(),
        simple ? null : campaign.experienceFlowName());
  }

  private static Message message(CampaignRequest campaign) {
    byte[] text = campaign.message().text().getBytes(StandardCharsets.UTF_8);
    return new Message(campaign.message().templateId(), Base64.getEncoder().encodeToString(text));
  }

  private static String priority(JsonNode priority, List<Violation> violations) {
    if (priority == null || priority.isNull()) {
      return null;
    }
    Integer value = null;
    if (priority.isIntegralNumber()) {
      value = priority.asInt();
    } else if (priority.isTextual() && priority.asText().trim().matches("\\d{1,9}")) {
      value = Integer.parseInt(priority.asText().trim());
    }
    if (value == null || value < MIN_PRIORITY || value > MAX_PRIORITY) {
      violations.add(
          new Violation(
              "/campaign/priority",
              "must be a whole number from " + MIN_PRIORITY + " to " + MAX_PRIORITY));
      return null;
    }
    return Integer.toString(value);
  }

  private static KoreCampaignBody.CallingHours callingHours(
      CallingHours hours, List<Violation> violations) {
    String base = "/campaign/callingHours";
    if (!ZoneId.getAvailableZoneIds().contains(hours.timezone())) {
      violations.add(
          new Violation(base + "/timezone", "'" + hours.timezone() + "' is not an IANA time zone"));
    }
    List<KoreCampaignBody.Day> days = new ArrayList<>();
    for (int i = 0; i < hours.days().size(); i++) {
      CallingWindow window = hours.days().get(i);
      String pointer = base + "/days/" + i;
      Optional<LocalTime> start = time(window.start(), pointer + "/start", violations);
      Optional<LocalTime> end = time(window.end(), pointer + "/end", violations);
      if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
        violations.add(new Violation(pointer + "/end", "must be later than start"));
      }
      if (start.isPresent() && end.isPresent()) {
        days.add(
            new KoreCampaignBody.Day(
                window.day(), KoreTimeOfDay.format(start.get()), KoreTimeOfDay.format(end.get())));
      }
    }
    return new KoreCampaignBody.CallingHours(hours.frequency(), hours.timezone(), days);
  }

  private static Optional<LocalTime> time(String text, String pointer, List<Violation> violations) {
    Optional<LocalTime> time = KoreTimeOfDay.parse(text);
    if (time.isEmpty()) {
      violations.add(
          new Violation(pointer, "'" + text + "' is not a time like 09:00, 9:00 or 9:00 AM"));
    }
    return time;
  }
}
