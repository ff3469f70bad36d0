package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class W3cTraceContextTest {

  static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void a_well_formed_version_00_traceparent_is_kept() {
    assertThat(W3cTraceContext.validTraceparent(VALID)).contains(VALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n",
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01"
      })
  void a_malformed_traceparent_is_dropped(String traceparent) {
    assertThat(W3cTraceContext.validTraceparent(traceparent)).isEmpty();
  }

  @Test
  void well_formed_tracestate_members_are_kept_without_surrounding_spaces() {
    assertThat(W3cTraceContext.boundedTracestate("crm=00f067aa0ba902b7 , tenant@sys=a b,,x=1"))
        .contains("crm=00f067aa0ba902b7,tenant@sys=a b,x=1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "crm",
        "CRM=1",
        "crm=",
        "crm=a=b",
        "crm=1,crm=2",
        "9crm=1",
        "crm=tab\tinside",
        "crm=\u00e9",
        "crm=1\r\nx-injected: yes"
      })
  void a_tracestate_with_a_malformed_member_is_dropped_whole(String tracestate) {
    assertThat(W3cTraceContext.boundedTracestate(tracestate)).isEmpty();
  }

  @Test
  void at_most_32_members_are_kept_the_left_most() {
    String forty =
        IntStream.range(0, 40).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));

    String bounded = W3cTraceContext.boundedTracestate(forty).orElseThrow();

    assertThat(bounded.split(",")).hasSize(32).startsWith("k0=v").endsWith("k31=v");
  }

  @Test
  void a_long_tracestate_loses_its_long_members_first_then_members_from_the_right() {
    String longMember = "big=" + "x".repeat(200);
    String members =
        IntStream.range(0, 40)
            .mapToObj(i -> String.format("key%02d=%s", i, "v".repeat(10)))
            .collect(Collectors.joining(","));

    String bounded = W3cTraceContext.boundedTracestate(longMember + "," + members).orElseThrow();

    assertThat(bounded).doesNotContain("big=").startsWith("key00=").hasSizeLessThanOrEqualTo(512);
    assertThat(bounded.split(",")).hasSize(30).endsWith("key29=" + "v".repeat(10));
  }

  @Test
  void tracestate_travels_only_with_a_valid_traceparent() {
    assertThat(W3cTraceContext.forwardable(headers("traceparent", VALID, "tracestate", "crm=1")))
        .containsExactly(Map.entry("traceparent", VALID), Map.entry("tracestate", "crm=1"));
    assertThat(
            W3cTraceContext.forwardable(
                headers("traceparent", VALID.toUpperCase(), "tracestate", "crm=1")))
        .isEmpty();
    assertThat(W3cTraceContext.forwardable(headers("tracestate", "crm=1"))).isEmpty();
  }

  @Test
  void header_names_are_matched_case_insensitively() {
    assertThat(W3cTraceContext.forwardable(headers("TraceParent", VALID, "TRACESTATE", "crm=1")))
        .containsExactly(Map.entry("traceparent", VALID), Map.entry("tracestate", "crm=1"));
  }

  @Test
  void the_header_deserializer_turns_invalid_trace_headers_into_null() {
    TraceHeaderDeserializer deserializer = new TraceHeaderDeserializer();

    assertThat(deserializer.deserialize("traceparent", bytes(VALID))).isEqualTo(VALID);
    assertThat(deserializer.deserialize("traceparent", bytes("garbage"))).isNull();
    assertThat(deserializer.deserialize("tracestate", bytes("crm=1"))).isEqualTo("crm=1");
    assertThat(deserializer.deserialize("tracestate", bytes("CRM"))).isNull();
    assertThat(deserializer.deserialize("other", bytes("garbage"))).isEqualTo(bytes("garbage"));
    assertThat(W3cTraceContext.forwardable(Collections.emptyMap())).isEmpty();
  }

  private static Map<String, byte[]> headers(String... namesAndValues) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], bytes(namesAndValues[i + 1]));
    }
    return headers;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
