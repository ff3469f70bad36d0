package io.korebridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.testsupport.Samples;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schema-registry frames are stripped without a registry; everything else is left as it is. */
class RegistryFrameTest {

  private static final byte[] EVENT = Samples.request("ev-1", event -> {});

  /** Confluent's wire format: magic byte 0, 4-byte big-endian schema id, then the JSON. */
  static byte[] confluent(int schemaId, byte[] json) {
    return ByteBuffer.allocate(5 + json.length).put((byte) 0).putInt(schemaId).put(json).array();
  }

  /** Apicurio's default wire format: magic byte 0, 8-byte big-endian global id, then the JSON. */
  static byte[] apicurio(long globalId, byte[] json) {
    return ByteBuffer.allocate(9 + json.length).put((byte) 0).putLong(globalId).put(json).array();
  }

  static byte[] longBytes(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }

  @Test
  void a_confluent_frame_gives_its_schema_id_and_the_json_it_frames() {
    RegistryFrame frame = RegistryFrame.of(confluent(42, EVENT), Map.of());

    assertThat(frame.schemaId()).isEqualTo("confluent:42");
    assertThat(frame.payload()).isEqualTo(EVENT);
  }

  @Test
  void an_apicurio_frame_gives_its_global_id_and_the_json_it_frames() {
    RegistryFrame frame = RegistryFrame.of(apicurio(17, EVENT), Map.of());

    assertThat(frame.schemaId()).isEqualTo("apicurio:globalId:17");
    assertThat(frame.payload()).isEqualTo(EVENT);
  }

  @Test
  void a_confluent_id_of_any_size_is_read_as_4_bytes() {
    RegistryFrame frame = RegistryFrame.of(confluent(0x7fff_ffff, EVENT), Map.of());

    assertThat(frame.schemaId()).isEqualTo("confluent:2147483647");
    assertThat(frame.payload()).isEqualTo(EVENT);
  }

  @Test
  void json_after_blanks_is_still_found_behind_the_frame() {
    byte[] json =
        ("\n  " + new String(EVENT, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);

    assertThat(RegistryFrame.of(apicurio(5, json), Map.of()).schemaId())
        .isEqualTo("apicurio:globalId:5");
    assertThat(RegistryFrame.of(confluent(5, json), Map.of()).schemaId()).isEqualTo("confluent:5");
  }

  @Test
  void apicurio_header_mode_keeps_the_value_and_takes_the_id_from_the_header() {
    RegistryFrame byGlobalId =
        RegistryFrame.of(EVENT, Map.of("apicurio.value.globalId", longBytes(17)));
    RegistryFrame byContentId =
        RegistryFrame.of(EVENT, Map.of("apicurio.value.contentId", longBytes(3)));

    assertThat(byGlobalId.schemaId()).isEqualTo("apicurio:globalId:17");
    assertThat(byGlobalId.payload()).isSameAs(EVENT);
    assertThat(byContentId.schemaId()).isEqualTo("apicurio:contentId:3");
  }

  @Test
  void an_apicurio_id_header_that_is_not_8_bytes_is_a_malformed_event() {
    assertThatThrownBy(
            () -> RegistryFrame.of(EVENT, Map.of("apicurio.value.globalId", "17".getBytes())))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("apicurio.value.globalId");
  }

  @Test
  void a_plain_event_is_not_framed() {
    RegistryFrame frame = RegistryFrame.of(EVENT, Map.of("content-type", "x".getBytes()));

    assertThat(frame.schemaId()).isNull();
    assertThat(frame.payload()).isSameAs(EVENT);
  }

  @Test
  void fewer_than_5_bytes_starting_with_0_are_not_a_frame_and_stay_malformed() {
    byte[] value = {0, 0, 0, 1};

    RegistryFrame frame = RegistryFrame.of(value, Map.of());

    assertThat(frame.schemaId()).isNull();
    assertThatThrownBy(() -> new CampaignEventReader(1024 * 1024).parse(frame.payload()))
        .isInstanceOf(MalformedEventException.class);
  }

  @Test
  void a_frame_around_garbage_keeps_the_4_byte_reading_and_its_payload_is_malformed() {
    byte[] garbage = confluent(42, "not json at all".getBytes(StandardCharsets.UTF_8));

    RegistryFrame frame = RegistryFrame.of(garbage, Map.of());

    assertThat(frame.schemaId()).isEqualTo("confluent:42");
    assertThatThrownBy(() -> new CampaignEventReader(1024 * 1024).parse(frame.payload()))
        .isInstanceOf(MalformedEventException.class);
  }

  @Test
  void a_framed_event_is_validated_like_a_plain_one() {
    byte[] invalid = Samples.request("ev-2", event -> Samples.campaign(event).put("priority", 9));
    CampaignEventReader reader = new CampaignEventReader(1024 * 1024);

    JsonNode tree = reader.parse(RegistryFrame.of(confluent(1, invalid), Map.of()).payload());

    assertThatThrownBy(() -> reader.read(IncomingEvent.of(tree, Map.of())))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::pointer)
                    .containsExactly("/campaign/priority"));
  }
}
