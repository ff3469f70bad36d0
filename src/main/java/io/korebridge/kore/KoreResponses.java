package io.korebridge.kore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads Kore's answer to a create-campaign call: the campaign it created, or the failure it
 * reported (worth retrying or final).
 */
@ApplicationScoped
@Named("koreResponses")
public class KoreResponses {

  static final String RETRY_AFTER = "Retry-After";
  private static final String SUCCESS = "success";
  private final ObjectMapper json = new ObjectMapper();
  private final KoreTenants tenants;

  public KoreResponses(KoreTenants tenants) {
    this.tenants = tenants;
  }

  /** The route step: Kore's HTTP answer as a {@link KoreCampaignCreated} body, or its failure. */
  public KoreCampaignCreated read(
      @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
      @Body String body,
      @Header(RETRY_AFTER) String retryAfter,
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery) {
    try {
      return interpret(
          status == null ? 0 : status,
          body,
          RetryAfter.parse(retryAfter, Instant.now()).orElse(null));
    } catch (KoreTokenRejectedException rejected) {
      throw rejected.by(tenants.resolve(delivery.tenant()));
    }
  }

  KoreCampaignCreated interpret(int status, String body, Duration retryAfter) {
    if (status < 200 || status > 299) {
      FailureReason reason = FailureReason.ofKoreAnswer(status);
      if (reason == FailureReason.KORE_AUTH_FAILED) {
        throw new KoreTokenRejectedException(body);
      }
      if (reason == FailureReason.RATE_LIMITED || reason == FailureReason.KORE_UNAVAILABLE) {
        throw new KoreRetryableException(
            reason, "Kore answered HTTP " + status, status, body, retryAfter);
      }
      throw failure("Kore answered HTTP " + status, status, body);
    }
    JsonNode answer = parse(status, body);
    if (!SUCCESS.equals(answer.path("status").asText())) {
      throw failure("Kore answered HTTP " + status + " without status \"success\"", status, body);
    }
    JsonNode data = answer.path("data");
    String campaignId = data.path("_id").asText(null);
    if (campaignId == null) {
      throw failure("Kore reported success without a campaign _id", status, body);
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
    throw failure("Kore answered HTTP " + status + " with no JSON object", status, body);
  }

  /** A final refusal; its reason is what Kore's status means ({@code KORE_REJECTED} for a 2xx). */
  private static CampaignFailedException failure(String message, int status, String body) {
    return new CampaignFailedException(
        FailureReason.ofKoreAnswer(status), message, status, body, List.of());
  }
}
