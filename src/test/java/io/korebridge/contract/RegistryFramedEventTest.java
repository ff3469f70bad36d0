package io.korebridge.contract;

import static io.korebridge.testsupport.BridgeTestEnvironment.DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Events framed by a schema-registry serializer, through the real broker and the simulator. */
@QuarkusTest
class RegistryFramedEventTest extends BridgeIntegrationTest {

  @Test
  void a_confluent_framed_sample_is_created_and_its_outcome_names_the_schema_id() throws Exception {
    String eventId = UUID.randomUUID().toString();

    kafka.send(
        REQUESTS, eventId, RegistryFrameTest.confluent(42, Samples.request(eventId, e -> {})));

    JsonNode outcome = json.readTree(kafka.awaitOutcome(RESULTS, eventId).value());
    assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(outcome.path("registrySchemaId").asText()).isEqualTo("confluent:42");
    assertThat(schema("campaign-created.v1.schema.json").validate(outcome)).isEmpty();
    assertThat(kore.campaignRequests()).hasSize(1);
    assertThat(kore.campaignRequests().get(0).getBodyAsString()).startsWith("{");
  }

  @Test
  void an_apicurio_event_in_header_mode_is_created_with_its_global_id() throws Exception {
    String eventId = UUID.randomUUID().toString();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            REQUESTS, eventId.getBytes(StandardCharsets.UTF_8), Samples.request(eventId, e -> {}));
    record.headers().add("apicurio.value.globalId", RegistryFrameTest.longBytes(17));

    kafka.send(record);

    JsonNode outcome = json.readTree(kafka.awaitOutcome(RESULTS, eventId).value());
    assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(outcome.path("registrySchemaId").asText()).isEqualTo("apicurio:globalId:17");
  }

  @Test
  void framed_garbage_is_failed_malformed_with_the_exact_bytes_and_no_kore_call() throws Exception {
    String key = "framed-garbage/" + UUID.randomUUID();
    byte[] framed =
        RegistryFrameTest.confluent(42, "not our event".getBytes(StandardCharsets.UTF_8));

    kafka.send(REQUESTS, key, framed);

    JsonNode outcome = json.readTree(kafka.awaitOutcome(DEAD_LETTER, withKey(key), WAIT).value());
    assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(outcome.path("reason").asText()).isEqualTo("MALFORMED_EVENT");
    assertThat(outcome.path("registrySchemaId").asText()).isEqualTo("confluent:42");
    assertThat(Base64.getDecoder().decode(outcome.path("originalEventBase64").asText()))
        .isEqualTo(framed);
    assertThat(schema("campaign-failed.v1.schema.json").validate(outcome)).isEmpty();
    assertThat(kore.campaignRequests()).isEmpty();
  }

  @Test
  void a_framed_event_that_breaks_the_contract_is_invalid_event() throws Exception {
    String eventId = UUID.randomUUID().toString();
    byte[] invalid = Samples.request(eventId, e -> Samples.campaign(e).put("priority", 9));

    kafka.send(REQUESTS, eventId, RegistryFrameTest.apicurio(7, invalid));

    JsonNode outcome = json.readTree(kafka.awaitOutcome(DEAD_LETTER, eventId).value());
    assertThat(outcome.path("reason").asText()).isEqualTo("INVALID_EVENT");
    assertThat(outcome.path("violations").get(0).path("pointer").asText())
        .isEqualTo("/campaign/priority");
    assertThat(outcome.path("registrySchemaId").asText()).isEqualTo("apicurio:globalId:7");
    assertThat(kore.campaignRequests()).isEmpty();
  }

  private static com.networknt.schema.JsonSchema schema(String file) throws Exception {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(Files.readString(Path.of("schema", file)));
  }
}
