package io.korebridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.korebridge.config.ServiceConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/asyncapi.yaml keeps up with the service: topic defaults and the schemas it references. */
class AsyncApiDocumentTest {

  private static final Path DOCUMENT = Path.of("docs/asyncapi.yaml");

  @Test
  void channels_use_the_default_topic_names() throws Exception {
    JsonNode asyncApi = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());

    assertThat(asyncApi.path("asyncapi").asText()).startsWith("3.");
    assertThat(asyncApi.at("/channels/requests/address").asText())
        .isEqualTo(ServiceConfiguration.defaultOf("campaign.topics.requests"));
    assertThat(asyncApi.at("/channels/results/address").asText())
        .isEqualTo(ServiceConfiguration.defaultOf("campaign.topics.results"));
    assertThat(asyncApi.at("/channels/deadLetter/address").asText())
        .isEqualTo(ServiceConfiguration.defaultOf("campaign.topics.dead-letter"));
  }

  @Test
  void every_payload_is_a_published_schema_file() throws Exception {
    JsonNode asyncApi = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
    List<String> payloads = new ArrayList<>();
    asyncApi
        .at("/components/messages")
        .forEach(message -> payloads.add(message.at("/payload/schema/$ref").asText()));

    assertThat(payloads)
        .containsExactlyInAnyOrder(
            "../" + EventContract.SCHEMA_RESOURCE,
            "../" + EventContract.CLOUDEVENT_SCHEMA_RESOURCE,
            "../schema/campaign-created.v1.schema.json",
            "../schema/campaign-failed.v1.schema.json")
        .allSatisfy(ref -> assertThat(DOCUMENT.getParent().resolve(ref)).isRegularFile());
  }
}
