package io.korebridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rules of the event contract that JSON Schema cannot express: a real IANA zone, each day
 * listed once, start before end, and text that is valid Unicode. They run on the same event as the
 * schema, and skip values the schema already rejects, so one outcome lists both kinds.
 */
final class ContractRules {

  private static final String HOURS = "/campaign/callingHours";
  // The JDK hands out a fresh copy on every call; the zone database does not change at run time.
  private static final Set<String> IANA_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

  /**
   * The rules' violations of {@code event}; the Unicode walk skips members the schema does not
   * declare (the schema refuses those already) and builds a pointer only for what it reports.
   */
  Violations violations(JsonNode event, Predicate<String> declared) {
    Violations found = new Violations();
    validUnicode(event, null, declared, found);
    tenantName(event.path("tenant"), found);
    JsonNode hours = event.at(HOURS);
    realTimeZone(hours.path("timezone"), found);
    JsonNode days = hours.path("days");
    if (days.isArray()) {
      eachDayOnce(days, found);
      for (int i = 0; i < days.size(); i++) {
        startBeforeEnd(days.get(i), i, found);
      }
    }
    return found;
  }

  // JSON Schema's pattern is searched, and a JDK '$' matches before a final line break.
  private static void tenantName(JsonNode tenant, Violations found) {
    if (tenant.isTextual() && TenantName.passesSchemaOnly(tenant.asText())) {
      found.add(() -> "/tenant", TenantName.MESSAGE);
    }
  }

  private static void realTimeZone(JsonNode zone, Violations found) {
    if (zone.isTextual() && !zone.asText().isBlank() && !IANA_ZONES.contains(zone.asText())) {
      found.add(() -> HOURS + "/timezone", "'" + zone.asText() + "' is not an IANA time zone");
    }
  }

  private static void eachDayOnce(JsonNode days, Violations found) {
    Map<String, Integer> firstListedAt = new HashMap<>();
    for (int i = 0; i < days.size(); i++) {
      JsonNode day = days.get(i).path("day");
      if (!day.isTextual()) {
        continue;
      }
      Integer first = firstListedAt.putIfAbsent(day.asText(), i);
      if (first != null) {
        int at = i;
        found.add(
            () -> HOURS + "/days/" + at + "/day",
            day.asText() + " is already listed at " + HOURS + "/days/" + first);
      }
    }
  }

  private static void startBeforeEnd(JsonNode window, int day, Violations found) {
    Optional<LocalTime> start = time(window.path("start"));
    Optional<LocalTime> end = time(window.path("end"));
    if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
      found.add(() -> HOURS + "/days/" + day + "/end", "must be later than start");
    }
  }

  private static Optional<LocalTime> time(JsonNode node) {
    return node.isTextual() ? KoreTimeOfDay.parse(node.asText()) : Optional.empty();
  }

  // A JSON escape such as "\ud800" yields half a character, which Kore would receive as '?'.
  // Depth is bounded by the parser (EventLimits.MAX_NESTING_DEPTH); a step holds no string.
  private static void validUnicode(
      JsonNode node, Step at, Predicate<String> declared, Violations found) {
    if (node.isTextual() && hasUnpairedSurrogate(node.asText())) {
      found.add(
          () -> Step.pointer(at), "must be valid Unicode text (it has an unpaired surrogate)");
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        validUnicode(node.get(i), new Step(at, null, i), declared, found);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (declared.test(field.getKey())) {
          validUnicode(field.getValue(), new Step(at, field.getKey(), -1), declared, found);
        }
      }
    }
  }

  /** One step from the event's root: a member name (as in the tree, not copied) or an index. */
  private record Step(Step parent, String member, int index) {

    static String pointer(Step last) {
      List<Step> steps = new ArrayList<>();
      for (Step s = last; s != null; s = s.parent) {
        steps.add(s);
      }
      StringBuilder pointer = new StringBuilder();
      for (int i = steps.size() - 1; i >= 0; i--) {
        Step s = steps.get(i);
        pointer.append('/');
        if (s.member == null) {
          pointer.append(s.index);
        } else {
          pointer.append(s.member.replace("~", "~0").replace("/", "~1"));
        }
      }
      return pointer.toString();
    }
  }

  private static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
