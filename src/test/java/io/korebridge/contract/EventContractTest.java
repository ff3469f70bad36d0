package io.korebridge.contract;

import static io.korebridge.contract.InvalidEvents.ADVANCED;
import static io.korebridge.contract.InvalidEvents.SIMPLE;
import static io.korebridge.contract.InvalidEvents.remove;
import static io.korebridge.contract.InvalidEvents.sampleEvent;
import static io.korebridge.contract.InvalidEvents.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.contract.InvalidEvents.InvalidEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The event contract, rule by rule: the exact pointer and message of every violation. */
class EventContractTest {

  private static final String HOURS = "/campaign/callingHours";

  private final CampaignEventReader reader = new CampaignEventReader(1024 * 1024);

  static List<InvalidEvent> invalidEvents() {
    return InvalidEvents.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  void reports_exactly_the_broken_rules(InvalidEvent row) {
    assertThatThrownBy(() -> reader.read(IncomingEvent.of(row.event(), Map.of())))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e.violations()).containsExactlyInAnyOrderElementsOf(row.violations()));
  }

  @Test
  void the_table_covers_at_least_40_invalid_events_with_distinct_names() {
    assertThat(InvalidEvents.all()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(InvalidEvents.all()).extracting(InvalidEvent::name).doesNotHaveDuplicates();
    assertThat(InvalidEvents.sample()).hasSizeBetween(5, 8);
  }

  @Test
  void lists_violations_sorted_by_pointer() {
    InvalidEvent many =
        InvalidEvents.all().stream()
            .filter(row -> row.name().equals("many_violations_at_once"))
            .findFirst()
            .orElseThrow();

    assertThat(new EventContract().violations(many.event()))
        .extracting(Violation::pointer)
        .containsExactly(
            "/campaign/callingHours/days/0/end",
            "/campaign/callingHours/timezone",
            "/campaign/colour",
            "/campaign/name",
            "/campaign/priority",
            "/eventId");
  }

  static Stream<Arguments> validEdgeCases() {
    return Stream.of(
        valid("event_id_of_128_characters", ADVANCED, set("/eventId", q("e".repeat(128)))),
        valid("name_of_48_characters", ADVANCED, set("/campaign/name", q("n".repeat(48)))),
        valid(
            "name_of_48_non_ascii_characters",
            ADVANCED,
            set("/campaign/name", q("é".repeat(47) + "✓"))),
        valid(
            "description_of_256_characters",
            ADVANCED,
            set("/campaign/description", q("d".repeat(256)))),
        valid("no_description_dnc_list_priority_schedule_tenant", ADVANCED, withoutOptionals()),
        valid("priority_1", ADVANCED, set("/campaign/priority", "1")),
        valid("priority_5_written_as_5_0", ADVANCED, set("/campaign/priority", "5.0")),
        valid("priority_string_1", ADVANCED, set("/campaign/priority", "\"1\"")),
        valid("priority_string_5", ADVANCED, set("/campaign/priority", "\"5\"")),
        valid("format_absent_means_advanced", ADVANCED, remove("/campaign/format")),
        valid(
            "caller_id_of_15_digits", ADVANCED, set("/campaign/callerId", "\"+123456789012345\"")),
        valid("frequency_daily", ADVANCED, set(HOURS + "/frequency", "\"DAILY\"")),
        valid("frequency_custom", ADVANCED, set(HOURS + "/frequency", "\"CUSTOM\"")),
        valid("timezone_utc", ADVANCED, set(HOURS + "/timezone", "\"UTC\"")),
        valid("start_9_00", ADVANCED, set(HOURS + "/days/0/start", "\"9:00\"")),
        valid("start_9_00_am", ADVANCED, set(HOURS + "/days/0/start", "\"9:00 AM\"")),
        valid("start_09_00_lower_am", ADVANCED, set(HOURS + "/days/0/start", "\"09:00 am\"")),
        valid("end_11_59_pm", ADVANCED, set(HOURS + "/days/0/end", "\"11:59 PM\"")),
        valid("weekend_days", ADVANCED, set(HOURS + "/days/0/day", "\"SA\"")),
        valid(
            "schedule_with_fields_kore_may_add",
            ADVANCED,
            set("/campaign/schedule", "{\"isSchedulingEnabled\": true, \"startDate\": \"x\"}")),
        valid("simple_with_template", SIMPLE, set("/campaign/message/templateId", "\"tpl-1\"")),
        valid("simple_with_emoji_text", SIMPLE, set("/campaign/message/text", "\"Hi 😀\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validEdgeCases")
  void accepts_values_on_the_edge_of_each_rule(String name, ObjectNode event) {
    assertThat(new EventContract().violations(event)).isEmpty();
    assertThat(reader.read(IncomingEvent.of(event, Map.of())).campaign()).isNotNull();
  }

  static Stream<Arguments> malformedValues() {
    byte[] sample = InvalidEvents.sampleEvent(ADVANCED).toString().getBytes(StandardCharsets.UTF_8);
    byte[] utf16 =
        InvalidEvents.sampleEvent(ADVANCED).toString().getBytes(StandardCharsets.UTF_16LE);
    byte[] latin1 = "{\"eventId\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    return Stream.of(
        Arguments.of("empty", new byte[0], "event is empty"),
        Arguments.of("not_json", bytes("campaign please"), "event is not valid JSON"),
        Arguments.of("latin_1", latin1, "event is not valid JSON: it is not UTF-8 text"),
        Arguments.of("utf_16_without_bom", utf16, "event is not valid JSON"),
        Arguments.of("truncated", java.util.Arrays.copyOf(sample, 40), "event is not valid JSON"),
        Arguments.of("two_objects", bytes("{} {}"), "event is not valid JSON"),
        Arguments.of(
            "duplicate_field",
            bytes("{\"eventId\": \"a\", \"eventId\": \"b\"}"),
            "event is not valid JSON: Duplicate field 'eventId'"),
        Arguments.of("an_array", bytes("[{}]"), "event must be a JSON object"),
        Arguments.of("null", bytes("null"), "event must be a JSON object"),
        Arguments.of("a_string", bytes("\"event\""), "event must be a JSON object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedValues")
  void unreadable_values_are_malformed_not_invalid(String name, byte[] value, String error) {
    assertThatThrownBy(() -> reader.parse(value))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith(error);
  }

  private static Arguments valid(String name, String sample, Consumer<ObjectNode> edit) {
    ObjectNode event = sampleEvent(sample);
    edit.accept(event);
    return Arguments.of(name, event);
  }

  private static Consumer<ObjectNode> withoutOptionals() {
    return remove("/tenant")
        .andThen(remove("/campaign/description"))
        .andThen(remove("/campaign/dncList"))
        .andThen(remove("/campaign/priority"))
        .andThen(remove("/campaign/schedule"));
  }

  private static String q(String text) {
    return "\"" + text + "\"";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
