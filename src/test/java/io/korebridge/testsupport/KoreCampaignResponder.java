package io.korebridge.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Answers a valid create-campaign request the way Kore's sample response does, with a fresh _id.
 */
final class KoreCampaignResponder implements ResponseDefinitionTransformerV2 {

  static final String NAME = "kore-create-campaign";
  static final String EXPERIENCE_FLOW_ID = "cf-67447605-115e-5dd2-a676-e158cf300001";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KoreCampaigns campaigns;

  KoreCampaignResponder(KoreCampaigns campaigns) {
    this.campaigns = campaigns;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    try {
      JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
      String id = "cd-" + UUID.randomUUID();
      Instant createdAt = Instant.now();
      List<String> contactLists = new ArrayList<>();
      request.path("contactLists").forEach(list -> contactLists.add(list.asText()));
      // Created on arrival, as a real service does; the answer may then be late or lost.
      if (campaigns.create(id, request.path("name").asText(), createdAt, contactLists) == null) {
        return ResponseDefinitionBuilder.responseDefinition()
            .withStatus(campaigns.duplicateNameStatus())
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"status\":\"failure\",\"errors\":[{\"msg\":\"Campaign name already exists\"}]}")
            .build();
      }
      if (campaigns.takeDrop()) {
        return ResponseDefinitionBuilder.responseDefinition()
            .withFault(Fault.CONNECTION_RESET_BY_PEER)
            .build();
      }
      ObjectNode data = JSON.createObjectNode();
      data.put("_id", id);
      data.put("name", request.path("name").asText());
      data.put("lname", request.path("name").asText().toLowerCase(Locale.ROOT));
      copy(request, data, "description");
      data.put("status", "Ready");
      copy(request, data, "dncLists");
      copy(request, data, "priority");
      copy(request, data, "dialingStrategy");
      data.put("experienceFlow", EXPERIENCE_FLOW_ID);
      data.put("isImported", false);
      data.put("isFiltersEnabled", false);
      String now = createdAt.toString();
      data.put("createdAt", now);
      data.put("updatedAt", now);
      copy(request, data, "schedule");
      copy(request, data, "contactLists");
      copy(request, data, "format");
      ObjectNode answer = JSON.createObjectNode();
      answer.put("status", "success");
      answer.put("message", "Campaign " + request.path("name").asText() + " creation in progress");
      answer.set("data", data);
      ResponseDefinitionBuilder ok =
          ResponseDefinitionBuilder.responseDefinition()
              .withStatus(200)
              .withHeader("Content-Type", "application/json")
              .withBody(JSON.writeValueAsString(answer));
      long late = campaigns.answerLateBy().toMillis();
      return (late > 0 ? ok.withFixedDelay((int) late) : ok).build();
    } catch (IOException e) {
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(400)
          .withBody(e.getMessage())
          .build();
    }
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field));
    }
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
