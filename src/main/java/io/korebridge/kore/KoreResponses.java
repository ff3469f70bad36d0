package io.korebridge.kore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.outcome.CampaignFailedException;
import io.korebridge.outcome.FailureReason;
import java.io.IOException;
import java.util.List;

/** Decides what a Kore create-campaign answer means. */
public class KoreResponses {

  private static final String SUCCESS = "success";
  private final ObjectMapper json = new ObjectMapper();

  public KoreCampaignCreated interpret(int status, String body) {
    if (status == KoreTokenRejectedException.STATUS) {
      throw new KoreTokenRejectedException(body);
    }
    if (status < 200 || status > 299) {
      throw failure(FailureReason.KORE_REJECTED, "Kore answered HTTP " + status, status, body);
    }
    JsonNode answer = parse(status, body);
    if (!SUCCESS.equals(answer.path("status").asText())) {
      throw failure(
          FailureReason.KORE_REJECTED,
          "Kore answered HTTP " + status + " without status \"success\"",
          status,
          body);
    }
    JsonNode data = answer.path("data");
    String campaignId = data.path("_id").asText(null);
    if (campaignId == null) {
      throw failure(
          FailureReason.KORE_REJECTED,
          "Kore reported success without a campaign _id",
          status,
          body);
    }
    return new KoreCampaignCreated(
        campaignId,
        data.path("name").asText(null),
        data.path("status").asText(null),
        data.path("experienceFlow").asText(null),
        answer.path("message").asText(null));
  }

  private JsonNode parse(int status, String body) {
    try {
      JsonNode answer = body == null ? null : json.readTree(body);
      if (answer != null && answer.isObject()) {
        return answer;
      }
    } catch (IOException unreadable) {
      // reported below with the body as it came
    }
    throw failure(
        FailureReason.KORE_REJECTED,
        "Kore answered HTTP " + status + " with no JSON object",
        status,
        body);
  }

  private static CampaignFailedException failure(
      FailureReason reason, String message, int status, String body) {
    return new CampaignFailedException(reason, message, status, body, List.of());
  }
}
