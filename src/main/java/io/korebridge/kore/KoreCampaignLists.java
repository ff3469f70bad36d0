package io.korebridge.kore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Kore's "Get All Campaigns" API: where it is, what a call asks, and how its answer is read. Used
 * only to find out whether a create whose answer was lost made its campaign.
 */
@ApplicationScoped
@Named("koreCampaignLists")
public class KoreCampaignLists {

  private final ObjectMapper json = new ObjectMapper();
  private final String listPath;

  @Inject
  public KoreCampaignLists(KoreConfig config) {
    this(config.reconcile().listPath());
  }

  KoreCampaignLists(String listPath) {
    this.listPath = listPath;
  }

  /** The list URL on the tenant's base URL, with its account in the query like the create URL. */
  public String listUrl(KoreTenant tenant) {
    String base =
        tenant.baseUrl().endsWith("/")
            ? tenant.baseUrl().substring(0, tenant.baseUrl().length() - 1)
            : tenant.baseUrl();
    return base
        + listPath.replace(KoreTenant.STREAM_ID_PLACEHOLDER, encode(tenant.streamId()))
        + "?accountId="
        + encode(tenant.accountId());
  }

  /** SMS campaigns in the window, newest first, {@code limit} of them from {@code skip}. */
  public String requestBody(Instant from, Instant to, int limit, int skip) {
    ObjectNode body = json.createObjectNode();
    body.put("type", "sms");
    body.put("startDate", from.toString());
    body.put("endDate", to.toString());
    body.putObject("sortBy").put("createdAt", "desc");
    body.put("limit", limit);
    body.put("skip", skip);
    return body.toString();
  }

  /** The route step: Kore's answer as a page, or the reason it is none. */
  public KoreCampaignPage read(
      @Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body) {
    return interpret(status == null ? 0 : status, body);
  }

  KoreCampaignPage interpret(int status, String body) {
    if (status < 200 || status > 299) {
      throw unusable("Kore answered the campaign list with HTTP " + status, status, body);
    }
    JsonNode answer;
    try {
      answer = body == null ? null : json.readTree(body);
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.path("data").path("results").isArray()) {
      throw unusable("Kore's campaign list has no data.results", status, body);
    }
    JsonNode data = answer.path("data");
    List<KoreCampaignPage.Listed> results = new ArrayList<>();
    for (JsonNode item : data.path("results")) {
      String id = item.hasNonNull("id") ? item.get("id").asText() : item.path("_id").asText(null);
      List<String> lists = new ArrayList<>();
      item.path("contactLists")
          .forEach(
              list -> lists.add(list.isTextual() ? list.asText() : list.path("name").asText()));
      results.add(
          new KoreCampaignPage.Listed(
              id,
              item.path("name").asText(null),
              instant(item.path("createdAt").asText(null)),
              lists));
    }
    return new KoreCampaignPage(results, data.path("hasMore").asBoolean(false));
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static CampaignFailedException unusable(String message, int status, String body) {
    return new CampaignFailedException(
        FailureReason.KORE_OUTCOME_UNKNOWN, message, status, body, List.of());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
