package io.korebridge.contract;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.testsupport.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The table of invalid events: each is a seed sample with a few edits, and the exact violations
 * (pointer and message) the contract must report for it, no more and no fewer.
 */
public final class InvalidEvents {

  public static final String ADVANCED = "campaign-request.json";
  public static final String SIMPLE = "campaign-request.simple.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String C = "/campaign";
  private static final String HOURS = "/campaign/callingHours";
  private static final String PRIORITY = "must be a whole number from 1 to 5";
  private static final String E164 = "must be an E.164 phone number such as +14155550123";
  private static final String TIME = "must be a time like 09:00, 9:00, 9:00 AM or 09:00 am";
  private static final String BLANK = "must not be blank";
  private static final String TENANT =
      "must be a tenant name: lowercase letters, digits, '.', '_' or '-', starting with a letter"
          + " or digit, at most 64 characters";
  private static final String UNKNOWN = "is an unknown field";
  private static final String REQUIRED = "is required";
  private static final String DAYS =
      "must be one of [\"MO\", \"TU\", \"WE\", \"TH\", \"FR\", \"SA\", \"SU\"]";
  private static final String FREQUENCIES = "must be one of [\"WEEKLY\", \"DAILY\", \"CUSTOM\"]";
  private static final String ADVANCED_ONLY_REQUIRED =
      "is required when format is advanced (the default)";

  /** One row: a name that says what is wrong, the event, and what the contract must say. */
  public record InvalidEvent(String name, ObjectNode event, List<Violation> violations) {
    @Override
    public String toString() {
      return name;
    }
  }

  private InvalidEvents() {}

  public static List<InvalidEvent> all() {
    List<InvalidEvent> rows = new ArrayList<>();
    // eventId
    rows.add(row("event_id_missing", ADVANCED, remove("/eventId"), v("/eventId", REQUIRED)));
    rows.add(row("event_id_empty", ADVANCED, set("/eventId", "\"\""), v("/eventId", BLANK)));
    rows.add(row("event_id_blank", ADVANCED, set("/eventId", "\"   \""), v("/eventId", BLANK)));
    rows.add(
        row(
            "event_id_of_129_characters",
            ADVANCED,
            set("/eventId", quoted("e".repeat(129))),
            v("/eventId", "must be at most 128 characters")));
    rows.add(
        row(
            "event_id_a_number",
            ADVANCED,
            set("/eventId", "42"),
            v("/eventId", "must be of type string, not integer")));
    rows.add(
        row(
            "event_id_null",
            ADVANCED,
            set("/eventId", "null"),
            v("/eventId", "must be of type string, not null")));
    rows.add(row("tenant_empty", ADVANCED, set("/tenant", "\"\""), v("/tenant", TENANT)));
    // Blank to String.isBlank, yet not ASCII whitespace: once taken for the default tenant.
    for (String blank : List.of("\\u2003", "\\u3000", "\\u001c", "\\u001f", "\\u0085")) {
      rows.add(
          row(
              "tenant_unicode_blank_" + blank.substring(2),
              ADVANCED,
              set("/tenant", "\"" + blank + "\""),
              v("/tenant", TENANT)));
    }
    rows.add(
        row("tenant_uppercase", ADVANCED, set("/tenant", "\"Default\""), v("/tenant", TENANT)));
    rows.add(row("tenant_padded", ADVANCED, set("/tenant", "\" default\""), v("/tenant", TENANT)));
    rows.add(
        row(
            "tenant_with_a_final_line_break",
            ADVANCED,
            set("/tenant", "\"default\\n\""),
            v("/tenant", TENANT)));
    rows.add(
        row(
            "tenant_too_long",
            ADVANCED,
            set("/tenant", "\"" + "t".repeat(65) + "\""),
            v("/tenant", TENANT)));
    // campaign
    rows.add(row("campaign_missing", ADVANCED, remove(C), v(C, REQUIRED)));
    rows.add(
        row("campaign_null", ADVANCED, set(C, "null"), v(C, "must be of type object, not null")));
    rows.add(
        row(
            "campaign_an_array",
            ADVANCED,
            set(C, "[]"),
            v(C, "must be of type object, not array")));
    // name, description
    rows.add(row("name_missing", ADVANCED, remove(C + "/name"), v(C + "/name", REQUIRED)));
    rows.add(
        row(
            "name_of_49_characters",
            ADVANCED,
            set(C + "/name", quoted("n".repeat(49))),
            v(C + "/name", "must be at most 48 characters")));
    rows.add(row("name_blank", ADVANCED, set(C + "/name", "\" \\t \""), v(C + "/name", BLANK)));
    rows.add(
        row(
            "name_a_number",
            ADVANCED,
            set(C + "/name", "12"),
            v(C + "/name", "must be of type string, not integer")));
    rows.add(
        row(
            "description_of_257_characters",
            ADVANCED,
            set(C + "/description", quoted("d".repeat(257))),
            v(C + "/description", "must be at most 256 characters")));
    rows.add(
        row(
            "description_null",
            ADVANCED,
            set(C + "/description", "null"),
            v(C + "/description", "must be of type string, not null")));
    // contactLists, dncList
    rows.add(
        row(
            "contact_lists_empty",
            ADVANCED,
            set(C + "/contactLists", "[]"),
            v(C + "/contactLists", "must have at least 1 item")));
    rows.add(
        row(
            "contact_lists_missing",
            ADVANCED,
            remove(C + "/contactLists"),
            v(C + "/contactLists", REQUIRED)));
    rows.add(
        row(
            "contact_list_name_blank",
            ADVANCED,
            set(C + "/contactLists", "[\"CL Only 2020 Dec 4\", \"  \"]"),
            v(C + "/contactLists/1", BLANK)));
    rows.add(
        row(
            "contact_lists_a_string",
            ADVANCED,
            set(C + "/contactLists", "\"CL Only 2020 Dec 4\""),
            v(C + "/contactLists", "must be of type array, not string")));
    rows.add(
        row(
            "contact_list_name_null",
            ADVANCED,
            set(C + "/contactLists", "[null]"),
            v(C + "/contactLists/0", "must be of type string, not null")));
    rows.add(
        row("dnc_list_empty", ADVANCED, set(C + "/dncList", "\"\""), v(C + "/dncList", BLANK)));
    // priority
    rows.add(row("priority_0", ADVANCED, set(C + "/priority", "0"), v(C + "/priority", PRIORITY)));
    rows.add(row("priority_6", ADVANCED, set(C + "/priority", "6"), v(C + "/priority", PRIORITY)));
    rows.add(
        row(
            "priority_string_6",
            ADVANCED,
            set(C + "/priority", "\"6\""),
            v(C + "/priority", PRIORITY)));
    rows.add(
        row(
            "priority_a_word",
            ADVANCED,
            set(C + "/priority", "\"five\""),
            v(C + "/priority", PRIORITY)));
    rows.add(
        row("priority_2_5", ADVANCED, set(C + "/priority", "2.5"), v(C + "/priority", PRIORITY)));
    rows.add(
        row(
            "priority_a_boolean",
            ADVANCED,
            set(C + "/priority", "true"),
            v(C + "/priority", PRIORITY)));
    // format, experienceFlowName, message
    rows.add(
        row(
            "format_unknown",
            ADVANCED,
            set(C + "/format", "\"fancy\""),
            v(C + "/format", "must be one of [\"advanced\", \"simple\"]")));
    rows.add(
        row(
            "advanced_without_experience_flow",
            ADVANCED,
            remove(C + "/experienceFlowName"),
            v(C + "/experienceFlowName", ADVANCED_ONLY_REQUIRED)));
    rows.add(
        row(
            "default_format_without_experience_flow",
            ADVANCED,
            remove(C + "/format").andThen(remove(C + "/experienceFlowName")),
            v(C + "/experienceFlowName", ADVANCED_ONLY_REQUIRED)));
    rows.add(
        row(
            "advanced_with_message",
            ADVANCED,
            set(C + "/message", "{\"text\": \"hello\"}"),
            v(C + "/message", "is not allowed when format is advanced (the default)")));
    rows.add(
        row(
            "simple_without_message",
            SIMPLE,
            remove(C + "/message"),
            v(C + "/message", "is required when format is simple")));
    rows.add(
        row(
            "simple_with_experience_flow",
            SIMPLE,
            set(C + "/experienceFlowName", "\"SMS Support Flow\""),
            v(C + "/experienceFlowName", "is not allowed when format is simple")));
    rows.add(
        row(
            "simple_message_without_text",
            SIMPLE,
            set(C + "/message", "{}"),
            v(C + "/message/text", REQUIRED)));
    rows.add(
        row(
            "simple_message_text_empty",
            SIMPLE,
            set(C + "/message/text", "\"\""),
            v(C + "/message/text", BLANK)));
    rows.add(
        row(
            "simple_template_id_a_number",
            SIMPLE,
            set(C + "/message/templateId", "5"),
            v(C + "/message/templateId", "must be of type string, not integer")));
    rows.add(
        row(
            "simple_message_with_unknown_field",
            SIMPLE,
            set(C + "/message/body", "\"hello\""),
            v(C + "/message/body", UNKNOWN)));
    rows.add(
        row(
            "simple_message_text_with_unpaired_surrogate",
            SIMPLE,
            set(C + "/message/text", "\"half \\ud83d of an emoji\""),
            v(C + "/message/text", "must be valid Unicode text (it has an unpaired surrogate)")));
    // callerId
    rows.add(
        row(
            "caller_id_without_plus",
            ADVANCED,
            set(C + "/callerId", "\"919860712345\""),
            v(C + "/callerId", E164)));
    rows.add(
        row(
            "caller_id_with_leading_zero",
            ADVANCED,
            set(C + "/callerId", "\"+0123456\""),
            v(C + "/callerId", E164)));
    rows.add(
        row(
            "caller_id_of_16_digits",
            ADVANCED,
            set(C + "/callerId", "\"+1234567890123456\""),
            v(C + "/callerId", E164)));
    rows.add(
        row(
            "caller_id_with_spaces",
            ADVANCED,
            set(C + "/callerId", "\"+91 98607 12345\""),
            v(C + "/callerId", E164)));
    rows.add(
        row("caller_id_missing", ADVANCED, remove(C + "/callerId"), v(C + "/callerId", REQUIRED)));
    // callingHours
    rows.add(row("calling_hours_missing", ADVANCED, remove(HOURS), v(HOURS, REQUIRED)));
    rows.add(
        row(
            "frequency_monthly",
            ADVANCED,
            set(HOURS + "/frequency", "\"MONTHLY\""),
            v(HOURS + "/frequency", FREQUENCIES)));
    rows.add(
        row(
            "frequency_lower_case",
            ADVANCED,
            set(HOURS + "/frequency", "\"weekly\""),
            v(HOURS + "/frequency", FREQUENCIES)));
    rows.add(
        row(
            "timezone_not_iana",
            ADVANCED,
            set(HOURS + "/timezone", "\"Mars/Olympus\""),
            v(HOURS + "/timezone", "'Mars/Olympus' is not an IANA time zone")));
    rows.add(
        row(
            "timezone_an_offset",
            ADVANCED,
            set(HOURS + "/timezone", "\"+05:30\""),
            v(HOURS + "/timezone", "'+05:30' is not an IANA time zone")));
    rows.add(
        row(
            "timezone_empty",
            ADVANCED,
            set(HOURS + "/timezone", "\"\""),
            v(HOURS + "/timezone", BLANK)));
    rows.add(
        row(
            "timezone_missing",
            ADVANCED,
            remove(HOURS + "/timezone"),
            v(HOURS + "/timezone", REQUIRED)));
    rows.add(
        row(
            "days_empty",
            ADVANCED,
            set(HOURS + "/days", "[]"),
            v(HOURS + "/days", "must have at least 1 item")));
    rows.add(
        row(
            "day_unknown",
            ADVANCED,
            set(HOURS + "/days/0/day", "\"XX\""),
            v(HOURS + "/days/0/day", DAYS)));
    rows.add(
        row(
            "day_lower_case",
            ADVANCED,
            set(HOURS + "/days/2/day", "\"we\""),
            v(HOURS + "/days/2/day", DAYS)));
    rows.add(
        row(
            "day_listed_twice",
            ADVANCED,
            set(HOURS + "/days/3/day", "\"TU\""),
            v(HOURS + "/days/3/day", "TU is already listed at /campaign/callingHours/days/1")));
    rows.add(
        row(
            "start_25_00",
            ADVANCED,
            set(HOURS + "/days/0/start", "\"25:00\""),
            v(HOURS + "/days/0/start", TIME)));
    rows.add(
        row(
            "start_without_minutes",
            ADVANCED,
            set(HOURS + "/days/0/start", "\"9\""),
            v(HOURS + "/days/0/start", TIME)));
    rows.add(
        row(
            "start_13_pm",
            ADVANCED,
            set(HOURS + "/days/0/start", "\"13:00 PM\""),
            v(HOURS + "/days/0/start", TIME)));
    rows.add(
        row(
            "end_a_number",
            ADVANCED,
            set(HOURS + "/days/0/end", "1800"),
            v(HOURS + "/days/0/end", "must be of type string, not integer")));
    rows.add(
        row(
            "end_before_start",
            ADVANCED,
            set(HOURS + "/days/1/end", "\"8:00 AM\""),
            v(HOURS + "/days/1/end", "must be later than start")));
    rows.add(
        row(
            "end_equal_to_start",
            ADVANCED,
            set(HOURS + "/days/4/end", "\"9:00 am\""),
            v(HOURS + "/days/4/end", "must be later than start")));
    rows.add(
        row(
            "window_without_end",
            ADVANCED,
            remove(HOURS + "/days/0/end"),
            v(HOURS + "/days/0/end", REQUIRED)));
    // unknown fields, everywhere
    rows.add(
        row(
            "top_level_typo_event_id",
            ADVANCED,
            set("/eventID", "\"abc\""),
            v("/eventID", UNKNOWN)));
    rows.add(
        row("campaign_typo_nmae", ADVANCED, set(C + "/nmae", "\"x\""), v(C + "/nmae", UNKNOWN)));
    rows.add(
        row(
            "kore_field_dnc_lists_instead_of_dnc_list",
            ADVANCED,
            set(C + "/dncLists", "{\"name\": \"testdnc\"}"),
            v(C + "/dncLists", UNKNOWN)));
    rows.add(
        row(
            "calling_hours_unknown_field",
            ADVANCED,
            set(HOURS + "/tz", "\"UTC\""),
            v(HOURS + "/tz", UNKNOWN)));
    rows.add(
        row(
            "window_unknown_field",
            ADVANCED,
            set(HOURS + "/days/0/break", "\"12:00\""),
            v(HOURS + "/days/0/break", UNKNOWN)));
    // schedule
    rows.add(
        row(
            "schedule_a_string",
            ADVANCED,
            set(C + "/schedule", "\"now\""),
            v(C + "/schedule", "must be of type object, not string")));
    rows.add(
        row(
            "schedule_without_flag",
            ADVANCED,
            set(C + "/schedule", "{}"),
            v(C + "/schedule/isSchedulingEnabled", REQUIRED)));
    rows.add(
        row(
            "schedule_flag_a_string",
            ADVANCED,
            set(C + "/schedule/isSchedulingEnabled", "\"no\""),
            v(C + "/schedule/isSchedulingEnabled", "must be of type boolean, not string")));
    // everything at once: every violation is reported, not just the first
    rows.add(
        row(
            "many_violations_at_once",
            ADVANCED,
            set(C + "/name", quoted("n".repeat(49)))
                .andThen(set(C + "/priority", "9"))
                .andThen(set(HOURS + "/timezone", "\"Mars/Olympus\""))
                .andThen(set(HOURS + "/days/0/end", "\"7:00\""))
                .andThen(set(C + "/colour", "\"red\""))
                .andThen(remove("/eventId")),
            v("/eventId", REQUIRED),
            v(C + "/colour", UNKNOWN),
            v(HOURS + "/days/0/end", "must be later than start"),
            v(HOURS + "/timezone", "'Mars/Olympus' is not an IANA time zone"),
            v(C + "/name", "must be at most 48 characters"),
            v(C + "/priority", PRIORITY)));
    return rows;
  }

  /** The rows the end-to-end test sends through the broker: one per kind of rule. */
  public static List<InvalidEvent> sample() {
    List<String> names =
        List.of(
            "name_of_49_characters",
            "contact_lists_empty",
            "priority_string_6",
            "simple_without_message",
            "timezone_not_iana",
            "window_unknown_field",
            "many_violations_at_once");
    return all().stream().filter(row -> names.contains(row.name())).toList();
  }

  public static ObjectNode sampleEvent(String sample) {
    try {
      return (ObjectNode) JSON.readTree(Samples.bytes(sample));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InvalidEvent row(
      String name, String sample, Consumer<ObjectNode> edit, Violation... violations) {
    ObjectNode event = sampleEvent(sample);
    edit.accept(event);
    return new InvalidEvent(name, event, List.of(violations));
  }

  private static Violation v(String pointer, String message) {
    return new Violation(pointer, message);
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  /** Sets the value at {@code pointer} (its parent must exist) to the JSON {@code literal}. */
  public static Consumer<ObjectNode> set(String pointer, String literal) {
    return event -> {
      JsonPointer at = JsonPointer.compile(pointer);
      JsonNode parent = event.at(at.head());
      JsonNode value = parse(literal);
      if (parent instanceof ArrayNode array) {
        array.set(Integer.parseInt(at.last().getMatchingProperty()), value);
      } else {
        ((ObjectNode) parent).set(at.last().getMatchingProperty(), value);
      }
    };
  }

  public static Consumer<ObjectNode> remove(String pointer) {
    return event -> {
      JsonPointer at = JsonPointer.compile(pointer);
      ((ObjectNode) event.at(at.head())).remove(at.last().getMatchingProperty());
    };
  }

  private static JsonNode parse(String literal) {
    try {
      return JSON.readTree(literal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
