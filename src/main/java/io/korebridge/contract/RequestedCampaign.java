package io.korebridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The campaign a CRM asks for, in the event contract's own vocabulary (not Kore's).
 *
 * <p>{@code priority} and {@code schedule} stay as JSON because the contract accepts several shapes
 * for them (a number or a numeric string; any schedule object Kore understands).
 */
public record RequestedCampaign(
    String name,
    String description,
    List<String> contactLists,
    String dncList,
    JsonNode priority,
    String format,
    String experienceFlowName,
    SmsMessage message,
    String callerId,
    CallingHours callingHours,
    JsonNode schedule) {

  public static final String FORMAT_ADVANCED = "advanced";
  public static final String FORMAT_SIMPLE = "simple";

  public String formatOrDefault() {
    return format == null ? FORMAT_ADVANCED : format;
  }
}
