package io.korebridge.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The body of Kore's "Create SMS Campaign" API-v2, advanced or simple format. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "name",
  "description",
  "contactLists",
  "dncLists",
  "priority",
  "format",
  "campaignType",
  "message",
  "dialingStrategy",
  "schedule",
  "experienceFlowName"
})
public record KoreCampaignBody(
    String name,
    String description,
    List<String> contactLists,
    DncLists dncLists,
    String priority,
    String format,
    String campaignType,
    Message message,
    DialingStrategy dialingStrategy,
    JsonNode schedule,
    String experienceFlowName) {

  public record DncLists(String name) {}

  /** Simple format only: {@code message} is the Base64 of the UTF-8 text. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Message(String templateId, String message) {}

  public record DialingStrategy(CallerId callerId, KoreCallingHours callingHours) {}

  public record CallerId(String phoneNumber) {}

  public record KoreCallingHours(String frequency, String timezone, List<Day> days) {}

  public record Day(String day, String start, String end) {}
}
