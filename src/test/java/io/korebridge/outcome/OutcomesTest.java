package io.korebridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.contract.InvalidEventException;
import io.korebridge.contract.MalformedEventException;
import io.korebridge.contract.Violation;
import io.korebridge.kore.KoreCampaignCreated;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  private static final int MIB = 1024 * 1024;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);
  private static final String LOCATION = "campaign-requests-3@42";
  private final ObjectMapper json = new ObjectMapper();
  private final Outcomes outcomes = new Outcomes(CLOCK, MIB, MIB);

  @Test
  void copies_an_event_id_within_the_cap_and_omits_a_longer_one_with_a_flag() throws Exception {
    CampaignFailed ok = failed("e".repeat(128), "acme", new MalformedEventException("bad"));
    CampaignFailed tooLong = failed("e".repeat(129), "acme", new MalformedEventException("bad"));

    assertThat(ok.eventId()).hasSize(128);
    assertThat(ok.eventIdOmitted()).isNull();
    assertThat(tooLong.eventId()).isNull();
    assertThat(tooLong.eventIdOmitted()).isTrue();
    assertThat(json.readTree(json.writeValueAsBytes(tooLong)).path("eventIdOmitted").asBoolean())
        .isTrue();
  }

  @Test
  void omits_a_tenant_longer_than_sixty_four_characters_with_a_flag() {
    CampaignFailed failed = failed("e1", "t".repeat(500_000), new MalformedEventException("bad"));

    assertThat(failed.tenant()).isNull();
    assertThat(failed.tenantOmitted()).isTrue();
    assertThat(failed("e1", "t".repeat(64), new MalformedEventException("x")).tenant()).hasSize(64);
  }

  @Test
  void caps_violations_at_one_hundred_and_counts_the_rest() {
    List<Violation> all = new ArrayList<>();
    for (int i = 0; i < 150_000; i++) {
      all.add(
          new Violation(
              String.format("/campaign/contactLists/%06d", i),
              "must be of type string, not integer"));
    }

    CampaignFailed failed = failed("e1", "acme", new InvalidEventException(all));

    assertThat(failed.violationCount()).isEqualTo(150_000);
    assertThat(failed.violations()).hasSize(100).isEqualTo(all.subList(0, 100));
    assertThat(failed.error()).hasSizeLessThanOrEqualTo(OutcomeCaps.ERROR_CHARS);
    assertThat(failed.error())
        .startsWith("150000 contract violation(s): /campaign/contactLists/000000");
  }

  @Test
  void caps_each_violation_pointer_and_message_with_an_ellipsis() {
    String zone = "Z".repeat(600_000);
    Violation echoed =
        new Violation("/" + "p".repeat(900_000), "'" + zone + "' is not an IANA time zone");

    Violation capped =
        failed("e1", "acme", new InvalidEventException(List.of(echoed))).violations().get(0);

    assertThat(capped.pointer())
        .hasSize(OutcomeCaps.VIOLATION_TEXT_CHARS)
        .endsWith(OutcomeCaps.ELLIPSIS);
    assertThat(capped.message())
        .hasSize(OutcomeCaps.VIOLATION_TEXT_CHARS)
        .startsWith("'ZZZ")
        .endsWith(OutcomeCaps.ELLIPSIS);
  }

  @Test
  void caps_the_error_text() {
    CampaignFailed failed = failed("e1", "acme", new MalformedEventException("x".repeat(600_000)));

    assertThat(failed.error()).hasSize(OutcomeCaps.ERROR_CHARS).endsWith(OutcomeCaps.ELLIPSIS);
  }

  @Test
  void caps_kores_response_body_at_eight_kib_and_redacts_tokens_in_it() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrb3JlIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    String body =
        "{\"status\":\"failure\",\"echo\":\"" + jwt + "\",\"pad\":\"" + "p".repeat(2 * MIB) + "\"}";
    CampaignFailedException rejected =
        new CampaignFailedException(
            FailureReason.KORE_REJECTED, "Kore answered HTTP 400 " + jwt, 400, body, List.of());

    CampaignFailed failed = failed("e1", "acme", rejected);

    assertThat(failed.koreResponseBody()).hasSize(OutcomeCaps.KORE_BODY_CHARS);
    assertThat(failed.koreResponseBody()).doesNotContain(jwt).contains("[redacted JWT]");
    assertThat(failed.error()).doesNotContain(jwt).contains("[redacted JWT]");
    assertThat(failed.httpStatus()).isEqualTo(400);
  }

  @Test
  void keeps_the_request_headers_in_record_order_as_base64() {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    headers.put("ce_id", "abc".getBytes(StandardCharsets.UTF_8));
    headers.put("binary", new byte[] {(byte) 0xff, 0, 1});
    headers.put("empty", new byte[0]);

    CampaignFailed failed = malformed("x".getBytes(StandardCharsets.UTF_8), headers);

    assertThat(failed.originalHeaders())
        .containsExactly(
            new OriginalHeader("ce_id", "YWJj"),
            new OriginalHeader("binary", "/wAB"),
            new OriginalHeader("empty", ""));
    assertThat(failed.originalHeadersTruncated()).isNull();
  }

  @Test
  void keeps_at_most_sixty_four_headers_and_flags_the_rest() {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) {
      headers.put("h" + i, "v".getBytes(StandardCharsets.UTF_8));
    }

    CampaignFailed failed = malformed(new byte[] {1}, headers);

    assertThat(failed.originalHeaders()).hasSize(64);
    assertThat(failed.originalHeaders().get(63).name()).isEqualTo("h63");
    assertThat(failed.originalHeadersTruncated()).isTrue();
  }

  @Test
  void leaves_out_a_header_beyond_sixteen_kib_but_keeps_later_small_ones() {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    headers.put("first", new byte[10]);
    headers.put("huge", new byte[800_000]);
    headers.put("last", new byte[10]);

    CampaignFailed failed = malformed(new byte[] {1}, headers);

    assertThat(failed.originalHeaders())
        .extracting(OriginalHeader::name)
        .containsExactly("first", "last");
    assertThat(failed.originalHeadersTruncated()).isTrue();
  }

  @Test
  void a_dead_letter_too_large_for_the_limit_is_reduced_to_the_requests_location()
      throws Exception {
    byte[] value = new byte[MIB - 100];
    Arrays.fill(value, (byte) 'x');
    List<Violation> violations = List.of(new Violation("/campaign", "is required"));

    CampaignFailed failed =
        outcomes.failed(
            "e1",
            "acme",
            new InvalidEventException(violations),
            0,
            new OriginalRecord(
                LOCATION, "k".getBytes(StandardCharsets.UTF_8), value, Map.of("h", new byte[3])));

    assertThat(failed.reduced()).isTrue();
    assertThat(failed.originalEventBase64()).isNull();
    assertThat(failed.originalEvent()).isNull();
    assertThat(failed.violations()).isNull();
    assertThat(failed.originalHeaders()).isNull();
    assertThat(failed.violationCount()).isEqualTo(1);
    assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_EVENT);
    assertThat(failed.originalEventLocation()).isEqualTo(LOCATION);
    assertThat(failed.eventId()).isEqualTo("e1");
    assertThat(json.writeValueAsBytes(failed).length).isLessThan(4096);
  }

  @Test
  void a_dead_letter_is_sized_to_its_topic_and_keeps_reason_id_prefix_and_location()
      throws Exception {
    Outcomes sized = new Outcomes(CLOCK, MIB, 3L * MIB);
    sized.fitTopicLimit(MIB);
    sized.fitTopicLimit(10L * MIB);
    String eventId = "e".repeat(900_000);
    byte[] value = new byte[900_100];
    Arrays.fill(value, (byte) 'x');

    CampaignFailed failed =
        sized.failed(
            eventId,
            "acme",
            new InvalidEventException(List.of(new Violation("/eventId", "is too long"))),
            0,
            new OriginalRecord(LOCATION, null, value, Map.of()));

    assertThat(sized.maxOutcomeBytes()).isEqualTo(MIB - Outcomes.BATCH_OVERHEAD_BYTES);
    assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_EVENT);
    assertThat(failed.reduced()).isTrue();
    assertThat(failed.eventId()).isNull();
    assertThat(failed.eventIdOmitted()).isTrue();
    assertThat(failed.eventIdPrefix())
        .hasSize(OutcomeCaps.EVENT_ID_PREFIX_CHARS)
        .startsWith("eeee")
        .endsWith(OutcomeCaps.ELLIPSIS);
    assertThat(failed.originalEventLocation()).isEqualTo(LOCATION);
    assertThat(failed.violationCount()).isEqualTo(1);
    assertThat(sized.fits(failed, null, Map.of())).isTrue();
  }

  @Test
  void the_same_dead_letter_keeps_its_copy_when_the_limit_allows_it() {
    byte[] value = new byte[MIB - 100];
    Arrays.fill(value, (byte) 'x');
    Outcomes roomy = new Outcomes(CLOCK, MIB, 3L * MIB);

    CampaignFailed failed =
        roomy.failed(
            "e1",
            "acme",
            new MalformedEventException("bad"),
            0,
            new OriginalRecord(LOCATION, null, value, Map.of()));

    assertThat(failed.reduced()).isNull();
    assertThat(Base64.getDecoder().decode(failed.originalEventBase64())).isEqualTo(value);
  }

  @Test
  void trace_headers_carried_to_the_outcome_count_towards_its_size() {
    byte[] value = new byte[600_000];
    Arrays.fill(value, (byte) 'x');
    Map<String, byte[]> small = Map.of();
    Map<String, byte[]> hugeTraceState = Map.of("tracestate", new byte[400_000]);

    CampaignFailed without = malformed(value, small);
    CampaignFailed with = malformed(value, hugeTraceState);

    assertThat(without.reduced()).isNull();
    assertThat(with.reduced()).isTrue();
  }

  @Test
  void the_largest_dead_letter_bound_holds_for_a_worst_case_outcome() throws Exception {
    // Every capped text at its cap, made of control characters (six bytes each as JSON).
    String ctl = "\u0001";
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      violations.add(new Violation(ctl.repeat(1000), ctl.repeat(1000)));
    }
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (int i = 0; i < 64; i++) {
      headers.put(String.format("%03d", i) + ctl.repeat(250), new byte[0]);
    }
    CampaignFailedException cause =
        new CampaignFailedException(
            FailureReason.KORE_REJECTED, ctl.repeat(5000), 400, ctl.repeat(20_000), violations);
    byte[] value = new byte[MIB];
    Outcomes unlimited = new Outcomes(CLOCK, MIB, Long.MAX_VALUE);

    CampaignFailed failed =
        unlimited.failed(
            ctl.repeat(128),
            ctl.repeat(64),
            cause,
            5,
            new OriginalRecord(
                "t".repeat(249) + "-2147483647@9223372036854775807", null, value, headers));

    long record = OutcomeSizer.recordBytes(failed, null, Map.of());
    assertThat(failed.reduced()).isNull();
    assertThat(record).isLessThanOrEqualTo(Outcomes.largestDeadLetterBytes(MIB));
    // ...and the bound is not wildly loose: the worst case comes within 10 % of it.
    assertThat(record).isGreaterThan(Outcomes.largestDeadLetterBytes(MIB) * 9 / 10);
  }

  @Test
  void the_outcome_too_large_fallback_is_small_whatever_the_rejected_outcome_held()
      throws Exception {
    byte[] value = new byte[MIB];
    CampaignFailed huge =
        new Outcomes(CLOCK, MIB, Long.MAX_VALUE)
            .failed(
                "e".repeat(100),
                "acme",
                new MalformedEventException("m".repeat(MIB)),
                2,
                new OriginalRecord(LOCATION, null, value, Map.of()));

    CampaignFailed fallback =
        outcomes.tooLarge(
            huge,
            LOCATION,
            new RecordTooLargeException("The message is 1398500 bytes " + "x".repeat(MIB)));

    assertThat(fallback.reason()).isEqualTo(FailureReason.OUTCOME_TOO_LARGE);
    assertThat(fallback.eventId()).isEqualTo("e".repeat(100));
    assertThat(fallback.attempts()).isEqualTo(2);
    assertThat(fallback.originalEventLocation()).isEqualTo(LOCATION);
    assertThat(fallback.originalEventBase64()).isNull();
    assertThat(fallback.error())
        .startsWith(
            "the FAILED outcome could not be published: RecordTooLargeException: The message is 1398500 bytes");
    assertThat(json.writeValueAsBytes(fallback).length).isLessThan(8 * 1024);
  }

  @Test
  void the_fallback_for_a_created_outcome_names_the_kore_campaign() {
    CampaignCreated created =
        outcomes.created(
            "e1", "acme", new KoreCampaignCreated("cd-1", "n", "Ready", "cf-1", "ok"), 1);

    CampaignFailed fallback =
        outcomes.tooLarge(created, LOCATION, new IllegalStateException("cannot serialize"));

    assertThat(fallback.error())
        .contains("CREATED outcome (Kore campaign cd-1)")
        .contains("IllegalStateException: cannot serialize");
    assertThat(fallback.eventId()).isEqualTo("e1");
  }

  @Test
  void the_fallback_without_an_outcome_omits_an_over_long_event_id() {
    CampaignFailed fallback =
        outcomes.tooLarge(
            "e".repeat(900_000),
            null,
            0,
            LOCATION,
            "the outcome could not be published: too large");

    assertThat(fallback.eventId()).isNull();
    assertThat(fallback.eventIdOmitted()).isTrue();
    assertThat(fallback.reduced()).isTrue();
  }

  @Test
  void caps_kore_supplied_texts_on_a_created_outcome() {
    CampaignCreated created =
        outcomes.created(
            "e1",
            "acme",
            new KoreCampaignCreated("cd-1", "n".repeat(MIB), "Ready", "cf-1", "m".repeat(MIB)),
            1);

    assertThat(created.campaignName()).hasSize(OutcomeCaps.KORE_FIELD_CHARS);
    assertThat(created.koreMessage()).hasSize(OutcomeCaps.KORE_FIELD_CHARS);
    assertThat(OutcomeSizer.recordBytes(created, null, Map.of()))
        .isLessThanOrEqualTo(Outcomes.largestCreatedBytes());
  }

  @Test
  void summaries_cannot_forge_a_log_line() {
    CampaignFailed failed =
        failed("e1", "acme", new MalformedEventException("bad\r\n2026-12-01 INFO forged"));

    assertThat(failed.summary())
        .doesNotContain("\n")
        .doesNotContain("\r")
        .contains("bad\\r\\n2026");
  }

  @Test
  void the_log_line_escapes_and_cuts_every_event_supplied_value() {
    CampaignFailed failed = failed("e1\nINFO forged", "t\r\nx", new MalformedEventException("bad"));

    assertThat(failed.logLine())
        .isEqualTo(
            "outcome=FAILED eventId=e1\\nINFO forged tenant=t\\r\\nx"
                + " detail=reason=MALFORMED_EVENT httpStatus=null error=bad");
    assertThat(json.valueToTree(failed).has("logLine")).isFalse();
  }

  private CampaignFailed failed(String eventId, String tenant, Throwable cause) {
    return outcomes.failed(
        eventId, tenant, cause, 0, new OriginalRecord(LOCATION, null, new byte[] {'{'}, Map.of()));
  }

  /** A MALFORMED_EVENT failure of {@code e1} of {@code acme} for this value and these headers. */
  private CampaignFailed malformed(byte[] value, Map<String, byte[]> headers) {
    return outcomes.failed(
        "e1",
        "acme",
        new MalformedEventException("bad"),
        0,
        new OriginalRecord(LOCATION, null, value, headers));
  }
}
