package io.korebridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.ReceivedRecord;
import io.korebridge.testsupport.HostileCorpus;
import io.korebridge.testsupport.HostileCorpus.Shape;
import io.korebridge.testsupport.Samples;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The limits on the work one event causes: nesting, name length, violations kept. */
class BoundedEventWorkTest {

  private final CampaignEventReader reader = new CampaignEventReader(HostileCorpus.LIMIT);

  static Stream<Shape> corpus() {
    return HostileCorpus.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void every_hostile_shape_fails_with_its_reason(Shape shape) {
    RuntimeException failure = failure(shape.value(), shape.headers());
    assertThat(FailureReason.of(failure).name()).as(failure.getMessage()).isEqualTo(shape.reason());
  }

  @Test
  void the_940_kb_event_of_slash_keyed_objects_is_refused_by_the_parser() {
    Shape slashes = HostileCorpus.slashKeyedObjects();
    assertThat(slashes.value().length).isBetween(900_000, HostileCorpus.LIMIT);

    assertThat(failure(slashes.value(), Map.of()))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(
            "event is beyond the contract's limits: a member name is longer than 256 characters");
  }

  @Test
  void refuses_objects_nested_deeper_than_32_levels() {
    String inner = "{\"a\":".repeat(32) + "1" + "}".repeat(32);
    assertThatThrownBy(() -> reader.parse(withX(inner)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(
            "event is beyond the contract's limits: objects and arrays nest deeper than 32 levels");
  }

  @Test
  void reads_an_unknown_member_nested_to_exactly_32_levels_as_an_invalid_event() {
    String inner = "[".repeat(31) + "]".repeat(31);
    assertThat(failure(withX(inner), Map.of()))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(new Violation("/x", "is an unknown field")));
  }

  @Test
  void does_not_walk_into_members_the_schema_refuses() {
    String inner = "{\"/~\":".repeat(30) + "\"\\ud800\"" + "}".repeat(30);

    assertThat(failure(withX(inner), Map.of()))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.total()).isEqualTo(1);
              assertThat(e.violations()).extracting(Violation::pointer).containsExactly("/x");
            });
  }

  @Test
  void reports_an_unpaired_surrogate_in_a_declared_field_with_its_escaped_pointer() {
    byte[] event =
        Samples.request(
            UUID.randomUUID().toString(),
            e ->
                Samples.campaign(e)
                    .putArray("contactLists")
                    .add("ok")
                    .add("half \ud800 a character"));

    assertThat(failure(event, Map.of()))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new Violation(
                            "/campaign/contactLists/1",
                            "must be valid Unicode text (it has an unpaired surrogate)")));
  }

  @Test
  void keeps_the_first_hundred_violations_and_counts_all() {
    Shape many =
        HostileCorpus.all().stream()
            .filter(s -> s.name().startsWith("150,000"))
            .findFirst()
            .orElseThrow();

    assertThat(failure(many.value(), Map.of()))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.violations()).hasSize(EventLimits.VIOLATIONS_KEPT);
              assertThat(e.total()).isGreaterThanOrEqualTo(150_000);
              assertThat(e.getMessage()).startsWith(e.total() + " contract violation(s): ");
            });
  }

  private RuntimeException failure(byte[] value, Map<String, byte[]> headers) {
    CampaignDelivery delivery =
        new CampaignDelivery(new ReceivedRecord("requests", 0, 0L, null, value, headers));
    try {
      reader.validate(delivery);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the event was accepted");
  }

  private static byte[] withX(String json) {
    String seed =
        new String(Samples.request(UUID.randomUUID().toString(), e -> {}), StandardCharsets.UTF_8);
    return (seed.substring(0, seed.lastIndexOf('}')) + ",\"x\":" + json + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
