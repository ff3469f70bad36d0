package io.korebridge.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Answers "Get All Campaigns" ({@code POST .../campaign/getAllCampaignDetails}) the way Kore's
 * documentation shows: SMS campaigns created between {@code startDate} and {@code endDate}, newest
 * first ({@code sortBy.createdAt: "desc"}), {@code limit} from {@code skip}, under {@code
 * data.results[]} with {@code id}, {@code name}, {@code createdAt}, {@code contactLists}, and
 * {@code hasMore}.
 */
final class KoreCampaignListResponder implements ResponseDefinitionTransformerV2 {

  static final String NAME = "kore-list-campaigns";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KoreCampaigns campaigns;

  KoreCampaignListResponder(KoreCampaigns campaigns) {
    this.campaigns = campaigns;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    int down = campaigns.listDownStatus();
    if (down > 0) {
      return answer(down, "{\"status\":\"error\",\"errors\":[{\"msg\":\"simulated\"}]}");
    }
    try {
      JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
      if (!"sms".equals(request.path("type").asText())) {
        return answer(400, "{\"status\":\"error\",\"errors\":[{\"msg\":\"type is required\"}]}");
      }
      int limit = request.path("limit").asInt(10);
      int skip = request.path("skip").asInt(0);
      List<KoreCampaigns.Created> window =
          campaigns.between(instant(request, "startDate"), instant(request, "endDate"));
      List<KoreCampaigns.Created> page =
          window.subList(Math.min(skip, window.size()), Math.min(skip + limit, window.size()));
      ArrayNode results = JSON.createArrayNode();
      for (KoreCampaigns.Created campaign : page) {
        ObjectNode item = results.addObject();
        item.put("name", campaign.name());
        item.put("status", "Ready");
        item.put("createdAt", campaign.createdAt().toString());
        item.put("updatedAt", campaign.createdAt().toString());
        item.put("id", campaign.id());
        item.put("totalMessagesSent", 0);
        ArrayNode lists = item.putArray("contactLists");
        campaign.contactLists().forEach(lists::add);
        item.put("format", "advanced");
      }
      ObjectNode data = JSON.createObjectNode();
      data.set("results", results);
      data.put("skip", skip);
      data.put("limit", limit);
      data.put("hasMore", skip + limit < window.size());
      data.put("totalPages", (window.size() + limit - 1) / Math.max(limit, 1));
      data.put("totalResults", window.size());
      ObjectNode body = JSON.createObjectNode();
      body.put("status", "success");
      body.set("data", data);
      return answer(200, JSON.writeValueAsString(body));
    } catch (IOException | RuntimeException e) {
      return answer(
          400,
          "{\"status\":\"error\",\"errors\":[{\"msg\":\"" + e.getClass().getSimpleName() + "\"}]}");
    }
  }

  private static Instant instant(JsonNode request, String field) {
    String text = request.path(field).asText("");
    return text.isEmpty() ? null : Instant.parse(text);
  }

  private static ResponseDefinition answer(int status, String body) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .build();
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }
}
