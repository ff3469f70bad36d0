package io.korebridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schemas published in the repository are byte for byte the ones the service loads, and the
 * outcome schemas keep up with the code.
 */
class PublishedSchemaTest {

  @ParameterizedTest
  @ValueSource(strings = {EventContract.SCHEMA_RESOURCE, EventContract.CLOUDEVENT_SCHEMA_RESOURCE})
  void repository_file_is_the_classpath_resource_the_service_reads(String resource)
      throws Exception {
    byte[] published = Files.readAllBytes(Path.of(resource));
    byte[] loaded;
    try (InputStream in = EventContract.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("%s on the service's classpath", resource).isNotNull();
      loaded = in.readAllBytes();
    }
    assertThat(loaded).isEqualTo(published);
  }

  @org.junit.jupiter.api.Test
  void event_contract_validates_with_the_published_schema() throws Exception {
    assertThat(new EventContract().schema())
        .isEqualTo(new ObjectMapper().readTree(Path.of(EventContract.SCHEMA_RESOURCE).toFile()));
  }

  @org.junit.jupiter.api.Test
  void failed_outcome_schema_lists_every_failure_reason() throws Exception {
    var schema =
        new ObjectMapper().readTree(Path.of("schema/campaign-failed.v1.schema.json").toFile());
    List<String> published = new ArrayList<>();
    schema.at("/properties/reason/enum").forEach(reason -> published.add(reason.asText()));

    assertThat(published)
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(FailureReason.values()).map(Enum::name).toList());
  }
}
