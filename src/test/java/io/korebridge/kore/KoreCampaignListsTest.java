package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KoreCampaignListsTest {

  private final KoreCampaignLists lists =
      new KoreCampaignLists("/campaign/api/v2/public/{streamId}/campaign/getAllCampaignDetails");

  private static KoreTenant tenant(String baseUrl) {
    return new KoreTenant(
        "default",
        baseUrl,
        "/api/v2/public/{streamId}/campaign",
        "st-1",
        "acc 1",
        "st-1",
        null,
        null,
        "jwt");
  }

  @Test
  void the_list_url_is_on_the_tenants_base_url_with_its_account() {
    assertThat(lists.listUrl(tenant("https://kore.example/")))
        .isEqualTo(
            "https://kore.example/campaign/api/v2/public/st-1/campaign/getAllCampaignDetails"
                + "?accountId=acc+1");
  }

  @Test
  void the_request_asks_for_sms_campaigns_in_the_window_newest_first() throws Exception {
    JsonNode body =
        new ObjectMapper()
            .readTree(
                lists.requestBody(
                    Instant.parse("2026-01-05T09:58:00Z"),
                    Instant.parse("2026-01-05T10:07:00Z"),
                    50,
                    100));
    assertThat(body.path("type").asText()).isEqualTo("sms");
    assertThat(body.path("startDate").asText()).isEqualTo("2026-01-05T09:58:00Z");
    assertThat(body.path("endDate").asText()).isEqualTo("2026-01-05T10:07:00Z");
    assertThat(body.path("sortBy").path("createdAt").asText()).isEqualTo("desc");
    assertThat(body.path("limit").asInt()).isEqualTo(50);
    assertThat(body.path("skip").asInt()).isEqualTo(100);
  }

  @Test
  void an_answer_in_the_documented_shape_becomes_a_page() {
    KoreCampaignPage page =
        lists.interpret(
            200,
            """
            {"status":"success","data":{"results":[
              {"name":"Spring","createdAt":"2026-01-05T10:00:01.000Z","id":"cd-1",
               "contactLists":["CL A"]},
              {"name":"Voice one","createdAt":"not a time","_id":"cd-2"}],
             "skip":0,"limit":2,"hasMore":true,"totalPages":4,"totalResults":8}}
            """);
    assertThat(page.hasMore()).isTrue();
    assertThat(page.results())
        .containsExactly(
            new KoreCampaignPage.Listed(
                "cd-1", "Spring", Instant.parse("2026-01-05T10:00:01Z"), List.of("CL A")),
            new KoreCampaignPage.Listed("cd-2", "Voice one", null, List.of()));
  }

  @Test
  void a_refusal_or_an_answer_without_results_is_no_page() {
    assertThatThrownBy(() -> lists.interpret(404, "{\"status\":\"error\"}"))
        .isInstanceOf(CampaignFailedException.class)
        .hasMessageContaining("HTTP 404")
        .extracting(e -> ((CampaignFailedException) e).reason())
        .isEqualTo(FailureReason.KORE_OUTCOME_UNKNOWN);
    assertThatThrownBy(() -> lists.interpret(200, "{\"status\":\"success\",\"data\":{}}"))
        .hasMessageContaining("no data.results");
    assertThatThrownBy(() -> lists.interpret(200, "<html>"))
        .hasMessageContaining("no data.results");
  }
}
