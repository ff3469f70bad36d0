package io.korebridge.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The structural rules of the campaign-request event, version 1, checked before typed reading. */
public class EventContract {

  public List<Violation> violations(JsonNode event) {
    List<Violation> found = new ArrayList<>();
    requireText(event, "/eventId", found);
    JsonNode campaign = event.path("campaign");
    if (!campaign.isObject()) {
      found.add(new Violation("/campaign", "is required and must be an object"));
      return found;
    }
    requireText(event, "/campaign/name", found);
    requireNonEmptyArray(event, "/campaign/contactLists", found);
    requireText(event, "/campaign/callerId", found);
    JsonNode hours = campaign.path("callingHours");
    if (!hours.isObject()) {
      found.add(new Violation("/campaign/callingHours", "is required and must be an object"));
    } else {
      requireText(event, "/campaign/callingHours/frequency", found);
      requireText(event, "/campaign/callingHours/timezone", found);
      requireNonEmptyArray(event, "/campaign/callingHours/days", found);
    }
    String format = campaign.path("format").asText(CampaignRequest.FORMAT_ADVANCED);
    if (CampaignRequest.FORMAT_SIMPLE.equals(format)) {
      requireText(event, "/campaign/message/text", found);
    } else {
      requireText(event, "/campaign/experienceFlowName", found);
    }
    return found;
  }

  private static void requireText(JsonNode event, String pointer, List<Violation> found) {
    JsonNode node = event.at(pointer);
    if (!node.isTextual() || node.asText().isBlank()) {
      found.add(new Violation(pointer, "is required and must be a non-blank string"));
    }
  }

  private static void requireNonEmptyArray(JsonNode event, String pointer, List<Violation> found) {
    JsonNode node = event.at(pointer);
    if (!node.isArray() || node.isEmpty()) {
      found.add(new Violation(pointer, "is required and must be a non-empty array"));
    }
  }
}
