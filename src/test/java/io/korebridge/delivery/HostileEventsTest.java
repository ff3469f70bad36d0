package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.HOSTILE_REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.TIGHT_DEAD_LETTER;
import static io.korebridge.testsupport.BridgeTestEnvironment.TIGHT_RESULTS;
import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.contract.EventLimits;
import io.korebridge.outcome.OutcomeCaps;
import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.ManagementInterface;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Legal requests (up to campaign.max-event-bytes) with hostile content, on outcome topics that take
 * at most 1 MiB: each gets exactly one FAILED outcome, and the valid event behind it on the same
 * key is created within seconds, so no record stalls its partition.
 */
@QuarkusTest
@TestProfile(HostileEventsProfile.class)
class HostileEventsTest extends BridgeIntegrationTest {

  private static final int LIMIT = 1024 * 1024;
  private static final Duration WITHIN_SECONDS = Duration.ofSeconds(20);

  /** One hostile record: its value and headers, the reason expected, what else to check. */
  record Hostile(byte[] value, List<Header> headers, String reason, Consumer<JsonNode> check) {}

  static Stream<Arguments> hostileEvents() {
    return Stream.of(
        Arguments.of(
            "an eventId of 900 KB",
            new Hostile(
                Samples.request("e".repeat(900_000), e -> {}),
                List.of(),
                "INVALID_EVENT",
                o -> {
                  assertThat(o.has("eventId")).isFalse();
                  assertThat(o.path("eventIdOmitted").asBoolean()).isTrue();
                  assertThat(o.path("violationCount").asInt()).isEqualTo(1);
                  assertThat(o.path("reduced").asBoolean()).isTrue();
                  assertThat(o.path("originalEventLocation").asText())
                      .startsWith(HOSTILE_REQUESTS + "-0@");
                })),
        Arguments.of(
            "a tenant of 500 KB",
            new Hostile(
                request(e -> e.put("tenant", "t".repeat(500_000))),
                List.of(),
                "INVALID_EVENT",
                o -> {
                  assertThat(o.has("tenant")).isFalse();
                  assertThat(o.path("tenantOmitted").asBoolean()).isTrue();
                  assertThat(o.path("violations").get(0).path("pointer").asText())
                      .isEqualTo("/tenant");
                  assertThat(o.has("originalEventBase64")).as("it still fits").isTrue();
                })),
        Arguments.of(
            "150,000 wrong-typed contact lists",
            new Hostile(
                request(e -> Samples.campaign(e).set("contactLists", numbers(150_000))),
                List.of(),
                "INVALID_EVENT",
                o -> {
                  assertThat(o.path("violationCount").asInt()).isGreaterThanOrEqualTo(150_000);
                  assertThat(o.path("violations")).hasSize(OutcomeCaps.VIOLATIONS);
                  assertThat(o.path("error").asText().length())
                      .isLessThanOrEqualTo(OutcomeCaps.ERROR_CHARS);
                })),
        Arguments.of(
            "100,000 wrong-typed calling days",
            new Hostile(
                request(
                    e ->
                        ((ObjectNode) Samples.campaign(e).get("callingHours"))
                            .set("days", numbers(100_000))),
                List.of(),
                "INVALID_EVENT",
                o -> assertThat(o.path("violations")).hasSize(OutcomeCaps.VIOLATIONS))),
        Arguments.of(
            "a time zone of 600 KB, echoed in its message",
            new Hostile(
                request(
                    e ->
                        ((ObjectNode) Samples.campaign(e).get("callingHours"))
                            .put("timezone", "Z".repeat(600_000))),
                List.of(),
                "INVALID_EVENT",
                o -> {
                  JsonNode zone = o.path("violations").get(0);
                  assertThat(zone.path("pointer").asText())
                      .isEqualTo("/campaign/callingHours/timezone");
                  assertThat(zone.path("message").asText())
                      .hasSize(OutcomeCaps.VIOLATION_TEXT_CHARS)
                      .endsWith(OutcomeCaps.ELLIPSIS);
                })),
        Arguments.of(
            "20,000 unknown fields",
            new Hostile(
                request(
                    e -> {
                      for (int i = 0; i < 20_000; i++) {
                        e.put(String.format("unknown%05d", i), i);
                      }
                    }),
                List.of(),
                "INVALID_EVENT",
                o -> {
                  assertThat(o.path("violationCount").asInt()).isGreaterThanOrEqualTo(20_000);
                  assertThat(o.path("violations")).hasSize(OutcomeCaps.VIOLATIONS);
                })),
        Arguments.of(
            "an unknown field with a name as long as the contract allows",
            new Hostile(
                request(e -> e.put("n".repeat(EventLimits.MAX_NAME_CHARS), 1)),
                List.of(),
                "INVALID_EVENT",
                o ->
                    assertThat(o.path("violations").get(0).path("pointer").asText())
                        .hasSize(OutcomeCaps.VIOLATION_TEXT_CHARS))),
        Arguments.of(
            "nesting just under the contract's depth limit, padded to 900 KB",
            new Hostile(
                request(
                    e -> {
                      e.set("deep", nested(EventLimits.MAX_NESTING_DEPTH));
                      Samples.campaign(e).put("description", "d".repeat(900_000));
                    }),
                List.of(),
                "INVALID_EVENT",
                o -> {
                  assertThat(o.path("violationCount").asInt()).isGreaterThanOrEqualTo(2);
                  assertThat(o.path("reduced").asBoolean()).isTrue();
                })),
        Arguments.of(
            "an 800 KB header next to a 100 KB value",
            new Hostile(
                request(e -> Samples.campaign(e).put("description", "d".repeat(100_000))),
                List.of(header("x-small", "1"), header("x-crm-blob", "b".repeat(800_000))),
                "INVALID_EVENT",
                o -> {
                  assertThat(o.path("originalHeadersTruncated").asBoolean()).isTrue();
                  assertThat(o.path("originalHeaders")).hasSize(1);
                  assertThat(o.path("originalHeaders").get(0).path("name").asText())
                      .isEqualTo("x-small");
                })),
        Arguments.of(
            "a 400 KB tracestate, with a 600 KB value",
            new Hostile(
                request(e -> Samples.campaign(e).put("description", "d".repeat(600_000))),
                List.of(header("tracestate", "s".repeat(400_000))),
                "INVALID_EVENT",
                o -> {
                  // Not a valid trace context: dropped when read, so it neither travels onto the
                  // outcome nor crowds out the request's copy.
                  assertThat(o.path("originalHeaders").findValuesAsText("name"))
                      .doesNotContain("tracestate");
                  assertThat(o.path("reduced").asBoolean()).isFalse();
                  assertThat(o.has("originalEventBase64")).isTrue();
                })),
        Arguments.of(
            "5,000 headers on an event for an unknown tenant",
            new Hostile(
                request(e -> e.put("tenant", "no-such-tenant")),
                thousandsOfHeaders(5_000),
                "UNKNOWN_TENANT",
                o -> {
                  assertThat(o.path("originalHeaders")).hasSize(OutcomeCaps.HEADERS);
                  assertThat(o.path("originalHeadersTruncated").asBoolean()).isTrue();
                })),
        Arguments.of(
            "bytes that are not UTF-8, just under the limit",
            new Hostile(
                filled(LIMIT - 64, (byte) 0xff),
                List.of(),
                "MALFORMED_EVENT",
                o -> {
                  assertThat(o.has("originalEvent")).isFalse();
                  assertThat(o.path("reduced").asBoolean()).isTrue();
                })),
        Arguments.of(
            "64 KB of raw control characters (six bytes each in the text copy)",
            new Hostile(
                controlCharacters(64 * 1024),
                List.of(),
                "MALFORMED_EVENT",
                o -> {
                  assertThat(o.path("originalEvent").asText()).hasSize(64 * 1024);
                  assertThat(o.has("reduced")).isFalse();
                })),
        Arguments.of(
            "an unquoted token of 900 KB",
            new Hostile(
                ("{\"eventId\": " + "t".repeat(900_000) + "}").getBytes(StandardCharsets.UTF_8),
                List.of(),
                "MALFORMED_EVENT",
                o ->
                    assertThat(o.path("error").asText().length())
                        .isLessThanOrEqualTo(OutcomeCaps.ERROR_CHARS))),
        Arguments.of(
            "a number of 900 KB digits",
            new Hostile(
                ("{\"eventId\": \"n1\", \"x\": " + "9".repeat(900_000) + "}")
                    .getBytes(StandardCharsets.UTF_8),
                List.of(),
                "MALFORMED_EVENT",
                o ->
                    assertThat(o.path("error").asText().length())
                        .isLessThanOrEqualTo(OutcomeCaps.ERROR_CHARS))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileEvents")
  void a_hostile_event_gets_one_failed_outcome_and_the_next_on_its_key_is_created(
      String description, Hostile hostile) throws Exception {
    assertThat(hostile.value().length).as("a legal request").isLessThanOrEqualTo(LIMIT);
    String key = "hostile-" + UUID.randomUUID();
    String next = UUID.randomUUID().toString();

    kafka.send(
        new ProducerRecord<>(
            HOSTILE_REQUESTS,
            null,
            bytes(key),
            hostile.value(),
            new ArrayList<>(hostile.headers())));
    kafka.send(HOSTILE_REQUESTS, key, Samples.request(next, e -> {}));

    // The valid event behind it is created within seconds.
    kafka.awaitOutcome(TIGHT_RESULTS, next, WITHIN_SECONDS);
    List<ConsumerRecord<byte[], byte[]>> failed =
        kafka.readToEnd(TIGHT_DEAD_LETTER).stream()
            .filter(r -> r.key() != null && Arrays.equals(bytes(key), r.key()))
            .toList();
    assertThat(failed).as("exactly one FAILED outcome").hasSize(1);
    assertThat(failed.get(0).serializedValueSize()).isLessThanOrEqualTo(LIMIT);
    JsonNode outcome = json.readTree(failed.get(0).value());
    assertThat(outcome.path("reason").asText()).isEqualTo(hostile.reason());
    if (outcome.has("originalEventBase64")) {
      assertThat(Base64.getDecoder().decode(outcome.path("originalEventBase64").asText()))
          .isEqualTo(hostile.value());
    } else {
      assertThat(outcome.path("originalEventLocation").asText()).startsWith(HOSTILE_REQUESTS);
    }
    hostile.check().accept(outcome);
    assertThat(kafka.readToEnd(TIGHT_DEAD_LETTER).stream().filter(withEventId(next)).toList())
        .as("no FAILED for the valid event")
        .isEmpty();
  }

  @org.junit.jupiter.api.Test
  void a_two_megabyte_kore_answer_echoing_a_token_is_capped_and_redacted() throws Exception {
    String key = "hostile-kore-" + UUID.randomUUID();
    String rejected = UUID.randomUUID().toString();
    String next = UUID.randomUUID().toString();
    kore.answerWith(
        400,
        "{\"status\":\"failure\",\"auth\":\""
            + KoreSimulator.JWT
            + "\",\"pad\":\""
            + "p".repeat(2 * LIMIT)
            + "\"}");

    kafka.send(HOSTILE_REQUESTS, key, Samples.request(rejected, e -> {}));
    ConsumerRecord<byte[], byte[]> failed =
        kafka.awaitOutcome(TIGHT_DEAD_LETTER, rejected, WITHIN_SECONDS);
    kore.reset();
    kafka.send(HOSTILE_REQUESTS, key, Samples.request(next, e -> {}));

    JsonNode outcome = json.readTree(failed.value());
    assertThat(outcome.path("reason").asText()).isEqualTo("KORE_REJECTED");
    assertThat(outcome.path("koreResponseBody").asText())
        .hasSize(OutcomeCaps.KORE_BODY_CHARS)
        .contains("[redacted JWT]");
    assertThat(new String(failed.value(), StandardCharsets.UTF_8))
        .doesNotContain(KoreSimulator.JWT);
    kafka.awaitOutcome(TIGHT_RESULTS, next, WITHIN_SECONDS);
  }

  @org.junit.jupiter.api.Test
  void readiness_accepts_one_mib_topics_when_the_outcome_limit_says_one_mib() throws Exception {
    HttpResponse<String> ready = ManagementInterface.get("/q/health/ready");

    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("outcome-topic-limits").contains("max.message.bytes=1048576");
  }

  private static byte[] request(Consumer<ObjectNode> change) {
    return Samples.request(UUID.randomUUID().toString(), change);
  }

  private static ArrayNode numbers(int count) {
    ArrayNode array = json().createArrayNode();
    for (int i = 0; i < count; i++) {
      array.add(1);
    }
    return array;
  }

  private static JsonNode nested(int depth) {
    JsonNode node = json().createArrayNode();
    for (int i = 1; i < depth - 2; i++) {
      node = json().createArrayNode().add(node);
    }
    return node;
  }

  private static byte[] filled(int length, byte b) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, b);
    return bytes;
  }

  private static byte[] controlCharacters(int length) {
    byte[] bytes = filled(length, (byte) 0x01);
    bytes[0] = '{';
    return bytes;
  }

  private static List<Header> thousandsOfHeaders(int count) {
    List<Header> headers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      headers.add(header("x-h" + i, "v" + i));
    }
    return headers;
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static com.fasterxml.jackson.databind.ObjectMapper json() {
    return new com.fasterxml.jackson.databind.ObjectMapper();
  }
}
