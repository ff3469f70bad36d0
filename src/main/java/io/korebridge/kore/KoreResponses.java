package io.korebridge.kore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Decides what a Kore create-campaign answer means: created, worth retrying, or final. */
public class KoreResponses {

  private static final String SUCCESS = "success";
  private final ObjectMapper json = new ObjectMapper();

  /** Answers Kore gives while overloaded or briefly unavailable; anything else 4xx is final. */
  static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  static final int TOO_MANY_REQUESTS = 429;

  public KoreCampaignCreated interpret(int status, String body, Duration retryAfter) {
    if (status == KoreTokenRejectedException.STATUS) {
      throw new KoreTokenRejectedException(body);
    }
    if (RETRYABLE_STATUSES.contains(status)) {
      FailureReason reason =
          status == TOO_MANY_REQUESTS ? FailureReason.RATE_LIMITED : FailureReason.KORE_UNAVAILABLE;
      throw new KoreRetryableException(
          reason, "Kore answered HTTP " + status, status, body, retryAfter);
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
