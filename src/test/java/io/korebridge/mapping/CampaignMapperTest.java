package io.korebridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.contract.CampaignEventReader;
import io.korebridge.contract.CampaignRequestEvent;
import io.korebridge.contract.IncomingEvent;
import io.korebridge.testsupport.Samples;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: events that keep the contract map to Kore's body (its rules: EventContractTest).
 */
class CampaignMapperTest {

  private final ObjectMapper json = new ObjectMapper();
  private final CampaignEventReader reader = new CampaignEventReader(1024 * 1024);
  private final CampaignMapper mapper = new CampaignMapper();

  @Test
  void maps_seed_sample_to_the_kore_page_sample_body() throws Exception {
    KoreCampaignBody body = mapper.toKoreBody(read(Samples.bytes("campaign-request.json")));

    assertThat((JsonNode) json.valueToTree(body))
        .isEqualTo(json.readTree(Samples.bytes("kore-create-campaign-body.json")));
  }

  @Test
  void maps_simple_format_with_base64_message_and_no_experience_flow() throws Exception {
    KoreCampaignBody body = mapper.toKoreBody(read(Samples.bytes("campaign-request.simple.json")));

    assertThat((JsonNode) json.valueToTree(body))
        .isEqualTo(json.readTree(Samples.bytes("kore-create-campaign-body.simple.json")));
  }

  @Test
  void sends_numeric_string_priority_as_kore_string() throws Exception {
    ObjectNode event = sample();
    ((ObjectNode) event.get("campaign")).put("priority", "2");

    assertThat(mapper.toKoreBody(read(event)).priority()).isEqualTo("2");
  }

  @Test
  void sends_priority_written_as_5_0_as_kore_string_5() throws Exception {
    ObjectNode event = sample();
    ((ObjectNode) event.get("campaign")).put("priority", 5.0);

    assertThat(mapper.toKoreBody(read(event)).priority()).isEqualTo("5");
  }

  private ObjectNode sample() throws Exception {
    return (ObjectNode) json.readTree(Samples.bytes("campaign-request.json"));
  }

  private io.korebridge.contract.RequestedCampaign read(byte[] bytes) {
    return read(reader.parse(bytes));
  }

  private io.korebridge.contract.RequestedCampaign read(JsonNode tree) {
    CampaignRequestEvent event = reader.read(IncomingEvent.of(tree, Map.of()));
    return event.campaign();
  }
}
