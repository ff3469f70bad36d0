package io.korebridge.replay;

import static io.korebridge.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.outcome.CampaignFailed;
import io.korebridge.outcome.SafeText;
import io.korebridge.testsupport.DeadLetters;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.KafkaTestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replay command against a real Kafka broker, with dead letters built by the service's code.
 */
class ReplayDeadLettersTest {

  private static final Instant MORNING = Instant.parse("2026-11-27T08:00:00Z");

  private static KafkaBroker broker;
  private static KafkaTestClient kafka;

  private final ObjectMapper json = new ObjectMapper();
  private String deadLetterTopic;
  private String requestsTopic;
  private final List<Long> deadLetterOffsets = new ArrayList<>();

  @BeforeAll
  static void startKafka() {
    broker = KafkaBroker.start();
    kafka = new KafkaTestClient(broker.bootstrapServers());
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
    broker.close();
  }

  @BeforeEach
  void freshTopics() {
    String suffix = UUID.randomUUID().toString();
    deadLetterTopic = "dead-letter-" + suffix;
    requestsTopic = "requests-" + suffix;
    broker.createTopics(deadLetterTopic, requestsTopic);
  }

  @Test
  void replays_every_listed_reason_with_the_original_key_and_bytes() throws Exception {
    deadLetter("e-auth-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);
    deadLetter("e-down-2", "t2", FailureReason.KORE_UNAVAILABLE, MORNING);
    deadLetter("e-invalid-3", "t1", FailureReason.INVALID_EVENT, MORNING);
    deadLetter("e-auth-4", "t2", FailureReason.KORE_AUTH_FAILED, MORNING);

    Run run = replay("--reason", "KORE_AUTH_FAILED", "--reason", "KORE_UNAVAILABLE");

    assertThat(run.exitCode).isZero();
    List<ConsumerRecord<byte[], byte[]>> replayed = kafka.readToEnd(requestsTopic);
    assertThat(replayed)
        .extracting(this::eventIdOf)
        .containsExactly("e-auth-1", "e-down-2", "e-auth-4");
    for (ConsumerRecord<byte[], byte[]> record : replayed) {
      String eventId = eventIdOf(record);
      assertThat(record.key()).isEqualTo(keyOf(eventId));
      assertThat(record.value()).isEqualTo(requestOf(eventId));
    }
    assertThat(header(replayed.get(0), DeadLetterReplay.REPLAYED_FROM_HEADER))
        .isEqualTo(deadLetterTopic + "-0@" + deadLetterOffsets.get(0));
    assertThat(header(replayed.get(2), DeadLetterReplay.REPLAYED_FROM_HEADER))
        .isEqualTo(deadLetterTopic + "-0@" + deadLetterOffsets.get(3));
    assertThat(run.output).contains("4 dead letters read", "3 matching", "3 replayed");
  }

  @Test
  void filters_combine_with_and() throws Exception {
    deadLetter("e-auth-t1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);
    deadLetter("e-auth-t2", "t2", FailureReason.KORE_AUTH_FAILED, MORNING);
    deadLetter("e-down-t2", "t2", FailureReason.KORE_UNAVAILABLE, MORNING);

    replay("--reason", "KORE_AUTH_FAILED", "--tenant", "t2");

    assertThat(kafka.readToEnd(requestsTopic))
        .extracting(this::eventIdOf)
        .containsExactly("e-auth-t2");
  }

  @Test
  void filters_by_comma_separated_event_ids() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_UNAVAILABLE, MORNING);
    deadLetter("e-2", "t1", FailureReason.KORE_UNAVAILABLE, MORNING);
    deadLetter("e-3", "t1", FailureReason.KORE_UNAVAILABLE, MORNING);

    replay("--event-id", "e-3,e-1");

    assertThat(kafka.readToEnd(requestsTopic))
        .extracting(this::eventIdOf)
        .containsExactly("e-1", "e-3");
  }

  @Test
  void since_skips_dead_letters_processed_before_it() throws Exception {
    deadLetter("e-early", "t1", FailureReason.KORE_UNAVAILABLE, MORNING);
    deadLetter("e-late", "t1", FailureReason.KORE_UNAVAILABLE, MORNING.plusSeconds(3600));

    replay("--since", MORNING.plusSeconds(1800).toString());

    assertThat(kafka.readToEnd(requestsTopic))
        .extracting(this::eventIdOf)
        .containsExactly("e-late");
  }

  @Test
  void dry_run_lists_what_would_be_replayed_and_publishes_nothing() throws Exception {
    deadLetter("e-auth", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);
    deadLetter("e-invalid", "t1", FailureReason.INVALID_EVENT, MORNING);

    Run run = replay("--dry-run", "--tenant", "t1", "--reason", "KORE_AUTH_FAILED");

    assertThat(run.exitCode).isZero();
    assertThat(kafka.readToEnd(requestsTopic)).isEmpty();
    assertThat(run.output)
        .contains(
            "DRY RUN  "
                + deadLetterTopic
                + "-0@"
                + deadLetterOffsets.get(0)
                + "  eventId=e-auth reason=KORE_AUTH_FAILED tenant=t1")
        .doesNotContain("e-invalid")
        .contains("2 dead letters read", "1 matching", "1 would be replayed", "nothing published");
  }

  @Test
  void replays_bytes_that_are_not_utf8_exactly() throws Exception {
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, '{', 0, (byte) 0xc3, '}'};
    byte[] key = {(byte) 0x80, 1, 2};
    CampaignFailed failed =
        DeadLetters.failed(
            Clock.fixed(MORNING, ZoneOffset.UTC),
            null,
            null,
            new IllegalStateException("unreadable"),
            1,
            notUtf8,
            requestsTopic + "-0@7");
    assertThat(failed.originalEvent()).isNull();
    kafka.send(new ProducerRecord<>(deadLetterTopic, key, json.writeValueAsBytes(failed)));

    replay("--reason", failed.reason().name());

    List<ConsumerRecord<byte[], byte[]>> replayed = kafka.readToEnd(requestsTopic);
    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0).value()).isEqualTo(notUtf8);
    assertThat(replayed.get(0).key()).isEqualTo(key);
  }

  @Test
  void skips_records_that_are_not_failed_outcomes() throws Exception {
    kafka.send(deadLetterTopic, "k", "not json".getBytes(StandardCharsets.UTF_8));
    deadLetter("e-good", "t1", FailureReason.KORE_UNAVAILABLE, MORNING);

    Run run = replay("--all");

    assertThat(run.exitCode).isZero();
    assertThat(kafka.readToEnd(requestsTopic))
        .extracting(this::eventIdOf)
        .containsExactly("e-good");
    assertThat(run.output).contains("SKIPPED  " + deadLetterTopic + "-0@0", "1 unreadable");
  }

  @Test
  void rejects_an_unknown_option_without_touching_kafka() {
    Run run = replay("--reasn", "KORE_UNAVAILABLE");

    assertThat(run.exitCode).isEqualTo(2);
  }

  /** Arguments the command refuses (exit code 2) before it replays anything, and why. */
  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("a reason that does not exist", List.of("--reason", "KORE_AUTH_FAIL"), null),
        Arguments.of(
            "no filter without --all",
            List.of(),
            "no filter given; pass --all to replay every dead letter"),
        Arguments.of("--all together with a filter", List.of("--all", "--tenant", "t1"), "--all"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses_arguments_that_do_not_say_exactly_what_to_replay_and_replays_nothing(
      String why, List<String> args, String error) throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);

    Run run = replay(args.toArray(String[]::new));

    assertThat(run.exitCode).isEqualTo(2);
    if (error != null) {
      assertThat(run.errors).contains(error);
    }
    assertThat(kafka.readToEnd(requestsTopic)).isEmpty();
  }

  @Test
  void replays_every_dead_letter_with_all() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);
    deadLetter("e-2", "t2", FailureReason.INVALID_EVENT, MORNING);

    Run run = replay("--all");

    assertThat(run.exitCode).as(run.errors).isZero();
    assertThat(kafka.readToEnd(requestsTopic))
        .extracting(this::eventIdOf)
        .containsExactly("e-1", "e-2");
  }

  @Test
  void dry_run_without_a_filter_lists_every_dead_letter() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);
    deadLetter("e-2", "t2", FailureReason.INVALID_EVENT, MORNING);

    Run run = replay("--dry-run");

    assertThat(run.exitCode).as(run.errors).isZero();
    assertThat(run.output).contains("eventId=e-1", "eventId=e-2", "2 would be replayed");
    assertThat(kafka.readToEnd(requestsTopic)).isEmpty();
  }

  @Test
  void refuses_the_dead_letter_topic_as_target() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);

    Run run =
        run(
            Map.of(),
            "--bootstrap-servers=" + broker.bootstrapServers(),
            "--dead-letter-topic=" + deadLetterTopic,
            "--requests-topic=" + deadLetterTopic,
            "--all");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.errors).contains(deadLetterTopic + " is the dead-letter topic");
    assertThat(kafka.readToEnd(deadLetterTopic)).hasSize(1);
  }

  @Test
  void refuses_the_dead_letter_topic_from_the_environment_as_target() {
    Run run =
        run(
            Map.of(
                "CAMPAIGN_TOPICS_DEAD_LETTER", "ops-dead-letter",
                "CAMPAIGN_TOPICS_REQUESTS", "ops-dead-letter"),
            "--bootstrap-servers=" + broker.bootstrapServers(),
            "--all");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.errors).contains("ops-dead-letter is the dead-letter topic");
  }

  @Test
  void refuses_the_results_topic_as_target() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);

    Run byOption = replay("--results-topic=" + requestsTopic, "--all");
    Run byEnvironment =
        run(
            Map.of("CAMPAIGN_TOPICS_RESULTS", requestsTopic),
            "--bootstrap-servers=" + broker.bootstrapServers(),
            "--dead-letter-topic=" + deadLetterTopic,
            "--requests-topic=" + requestsTopic,
            "--all");
    Run byDefault =
        run(
            Map.of(),
            "--bootstrap-servers=" + broker.bootstrapServers(),
            "--dead-letter-topic=" + deadLetterTopic,
            "--requests-topic=campaign-results",
            "--all");

    for (Run run : List.of(byOption, byEnvironment)) {
      assertThat(run.exitCode).isEqualTo(2);
      assertThat(run.errors).contains(requestsTopic + " is the results topic");
    }
    assertThat(byDefault.exitCode).isEqualTo(2);
    assertThat(byDefault.errors).contains("campaign-results is the results topic");
    assertThat(kafka.readToEnd(requestsTopic)).isEmpty();
  }

  @Test
  void restores_the_original_headers_in_record_order() throws Exception {
    byte[] binary = {0, (byte) 0xff, 0x1b, '\n'};
    ArrayNode headers = json.createArrayNode();
    addHeader(headers, "ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
    addHeader(headers, "ce_id", "ce-42".getBytes(StandardCharsets.UTF_8));
    addHeader(headers, "x-binary", binary);
    addHeader(headers, "x-twice", "first".getBytes(StandardCharsets.UTF_8));
    headers.addObject().put("name", "x-null");
    addHeader(headers, "x-twice", "second".getBytes(StandardCharsets.UTF_8));
    addHeader(
        headers,
        DeadLetterReplay.REPLAYED_FROM_HEADER,
        "old-dead-letter-0@3".getBytes(StandardCharsets.UTF_8));
    handBuiltDeadLetter("e-headers", headers, false);

    Run run = replay("--event-id", "e-headers");

    assertThat(run.exitCode).as(run.errors).isZero();
    ConsumerRecord<byte[], byte[]> replayed = kafka.readToEnd(requestsTopic).get(0);
    List<Header> published = List.of(replayed.headers().toArray());
    assertThat(published)
        .extracting(Header::key)
        .containsExactly(
            "ce_specversion",
            "ce_id",
            "x-binary",
            "x-twice",
            "x-null",
            "x-twice",
            DeadLetterReplay.REPLAYED_FROM_HEADER);
    assertThat(published.get(2).value()).isEqualTo(binary);
    assertThat(published.get(3).value()).isEqualTo("first".getBytes(StandardCharsets.UTF_8));
    assertThat(published.get(4).value()).isNull();
    assertThat(published.get(5).value()).isEqualTo("second".getBytes(StandardCharsets.UTF_8));
    assertThat(header(replayed, DeadLetterReplay.REPLAYED_FROM_HEADER))
        .isEqualTo(deadLetterTopic + "-0@0");
    assertThat(replayed.value()).isEqualTo(requestOf("e-headers"));
  }

  @Test
  void dead_letters_without_original_headers_replay_with_replayed_from_only() throws Exception {
    deadLetter("e-plain", "t1", FailureReason.KORE_UNAVAILABLE, MORNING);

    replay("--event-id", "e-plain");

    assertThat(kafka.readToEnd(requestsTopic).get(0).headers().toArray())
        .extracting(Header::key)
        .containsExactly(DeadLetterReplay.REPLAYED_FROM_HEADER);
  }

  @Test
  void says_when_the_dead_letter_truncated_the_original_headers() throws Exception {
    ArrayNode headers = json.createArrayNode();
    addHeader(headers, "ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
    handBuiltDeadLetter("e-capped", headers, true);

    Run run = replay("--event-id", "e-capped");

    assertThat(run.output).contains("eventId=e-capped", "original headers truncated", "1 kept");
    assertThat(kafka.readToEnd(requestsTopic).get(0).headers().lastHeader("ce_specversion"))
        .isNotNull();
  }

  @Test
  void skips_a_dead_letter_whose_original_headers_are_unreadable() throws Exception {
    ArrayNode headers = json.createArrayNode();
    headers.addObject().put("name", "ce_id").put("valueBase64", "not base64 !");
    handBuiltDeadLetter("e-broken", headers, false);
    deadLetter("e-fine", "t1", FailureReason.KORE_UNAVAILABLE, MORNING);

    Run run = replay("--all");

    assertThat(run.output)
        .contains("SKIPPED  " + deadLetterTopic + "-0@0", "originalHeaders[0].valueBase64");
    assertThat(kafka.readToEnd(requestsTopic))
        .extracting(this::eventIdOf)
        .containsExactly("e-fine");
  }

  @Test
  void escapes_control_characters_and_cuts_long_values_in_the_report() throws Exception {
    String forgedLine = "e-1\r\nREPLAYED fake-0@0  eventId=forged";
    String escapes = "\u001b]8;;http://evil\u0007\u001b[2J\u009b31m\u202etxt.exe";
    String longTenant = "t".repeat(1000);
    deadLetter(forgedLine, escapes, FailureReason.KORE_UNAVAILABLE, MORNING);
    deadLetter("e-long", longTenant, FailureReason.KORE_UNAVAILABLE, MORNING);

    Run run = replay("--dry-run");

    assertThat(run.exitCode).as(run.errors).isZero();
    assertThat(run.output.lines())
        .hasSize(3)
        .allSatisfy(
            line ->
                assertThat(line.codePoints())
                    .noneMatch(c -> Character.isISOControl(c) || c == 0x202e));
    assertThat(run.output)
        .contains("eventId=e-1\\u{D}\\u{A}REPLAYED fake-0@0  eventId=forged reason=")
        .contains("tenant=\\u{1B}]8;;http://evil\\u{7}\\u{1B}[2J\\u{9B}31m\\u{202E}txt.exe")
        .contains("tenant=" + "t".repeat(SafeText.MAX_CHARS) + "...[872 more]")
        .doesNotContain("t".repeat(SafeText.MAX_CHARS + 1));
  }

  @Test
  void refuses_secrets_as_kafka_properties() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);
    String jaas =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
            + " password=\"hunter2\";";

    for (String secret :
        List.of(
            "sasl.jaas.config=" + jaas,
            "ssl.truststore.password=hunter2",
            "ssl.keystore.key=hunter2",
            "some.plugin.Password=hunter2")) {
      Run run = replay("--all", "--kafka-property", secret);

      assertThat(run.exitCode).as(secret).isEqualTo(2);
      assertThat(run.errors)
          .contains("holds a secret", "--kafka-config", "environment")
          .doesNotContain("hunter2");
      assertThat(run.output).doesNotContain("hunter2");
    }
    assertThat(kafka.readToEnd(requestsTopic)).isEmpty();
  }

  @Test
  void takes_other_kafka_properties_from_the_command_line() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);

    Run run = replay("--all", "--kafka-property", "client.id=replay-by-hand");

    assertThat(run.exitCode).as(run.errors).isZero();
    assertThat(kafka.readToEnd(requestsTopic)).hasSize(1);
  }

  @Test
  void reads_kafka_settings_from_a_properties_file_before_the_environment() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);
    Path config = Files.createTempFile("replay-kafka", ".properties");
    Files.writeString(
        config, "# a standard Kafka client file\nbootstrap.servers=" + broker.bootstrapServers());

    Run run =
        run(
            // Nothing listens there: the run works only if the file's address wins.
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"),
            "--kafka-config=" + config,
            "--dead-letter-topic=" + deadLetterTopic,
            "--requests-topic=" + requestsTopic,
            "--all");

    assertThat(run.exitCode).as(run.errors).isZero();
    assertThat(kafka.readToEnd(requestsTopic)).hasSize(1);
  }

  @Test
  void refuses_a_kafka_config_file_that_cannot_be_read() {
    Run run = replay("--all", "--kafka-config=/nonexistent/replay.properties");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.errors).contains("cannot read --kafka-config /nonexistent/replay.properties");
  }

  @Test
  void sends_each_request_back_to_the_topic_it_came_from() throws Exception {
    String otherCrm = "other-crm-" + UUID.randomUUID();
    broker.createTopics(otherCrm);
    deadLetter("e-a", "t1", FailureReason.KORE_UNAVAILABLE, MORNING, requestsTopic);
    deadLetter("e-b", "t2", FailureReason.KORE_UNAVAILABLE, MORNING, otherCrm);

    Run run =
        run(
            Map.of(),
            "--bootstrap-servers=" + broker.bootstrapServers(),
            "--dead-letter-topic=" + deadLetterTopic,
            "--requests-topic=" + requestsTopic + "," + otherCrm,
            "--all");

    assertThat(run.exitCode).as(run.output + run.errors).isZero();
    assertThat(kafka.readToEnd(requestsTopic)).extracting(this::eventIdOf).containsExactly("e-a");
    assertThat(kafka.readToEnd(otherCrm)).extracting(this::eventIdOf).containsExactly("e-b");
  }

  @Test
  void skips_a_request_from_a_topic_that_is_not_a_given_requests_topic() throws Exception {
    String otherCrm = "other-crm-" + UUID.randomUUID();
    broker.createTopics(otherCrm);
    deadLetter("e-b", "t2", FailureReason.KORE_UNAVAILABLE, MORNING, otherCrm);

    Run run = replay("--all");

    assertThat(run.exitCode).isZero();
    assertThat(run.output).contains("SKIPPED", "came from " + otherCrm, "0 replayed");
    assertThat(kafka.readToEnd(requestsTopic)).isEmpty();
    assertThat(kafka.readToEnd(otherCrm)).isEmpty();
  }

  @Test
  void leaves_out_tenant_refusals_unless_their_reason_is_named() throws Exception {
    deadLetter("e-refused", "brand-b", FailureReason.TENANT_NOT_ALLOWED, MORNING);
    deadLetter("e-unknown", "nobody", FailureReason.UNKNOWN_TENANT, MORNING);
    deadLetter("e-down", "brand-b", FailureReason.KORE_UNAVAILABLE, MORNING);

    Run all = replay("--all");
    Run byTenant = replay("--tenant=brand-b");

    assertThat(all.output).contains("2 left out", "1 replayed");
    assertThat(byTenant.output).contains("1 left out", "1 replayed");
    assertThat(kafka.readToEnd(requestsTopic))
        .extracting(this::eventIdOf)
        .containsExactly("e-down", "e-down");

    Run named = replay("--reason=TENANT_NOT_ALLOWED");

    assertThat(named.output).contains("1 replayed");
    assertThat(kafka.readToEnd(requestsTopic))
        .extracting(this::eventIdOf)
        .containsExactly("e-down", "e-down", "e-refused");
  }

  private void handBuiltDeadLetter(String eventId, ArrayNode headers, boolean truncated)
      throws Exception {
    CampaignFailed failed =
        DeadLetters.failed(
            Clock.fixed(MORNING, ZoneOffset.UTC),
            eventId,
            "t1",
            new CampaignFailedException(FailureReason.KORE_UNAVAILABLE, "down"),
            1,
            requestOf(eventId),
            requestsTopic + "-0@0");
    // The field another part of the service adds; written here as the dead letter will carry it.
    ObjectNode outcome = json.valueToTree(failed);
    outcome.set("originalHeaders", headers);
    if (truncated) {
      outcome.put("originalHeadersTruncated", true);
    }
    kafka.send(
        new ProducerRecord<>(deadLetterTopic, keyOf(eventId), json.writeValueAsBytes(outcome)));
    deadLetterOffsets.add((long) deadLetterOffsets.size());
  }

  private static void addHeader(ArrayNode headers, String name, byte[] value) {
    headers
        .addObject()
        .put("name", name)
        .put("valueBase64", Base64.getEncoder().encodeToString(value));
  }

  private void deadLetter(String eventId, String tenant, FailureReason reason, Instant at)
      throws Exception {
    deadLetter(eventId, tenant, reason, at, requestsTopic);
  }

  private void deadLetter(
      String eventId, String tenant, FailureReason reason, Instant at, String originTopic)
      throws Exception {
    CampaignFailed failed =
        DeadLetters.failed(
            Clock.fixed(at, ZoneOffset.UTC),
            eventId,
            tenant,
            new CampaignFailedException(reason, "failed for the test"),
            1,
            requestOf(eventId),
            originTopic + "-0@0");
    // The tenant as given, even beyond the outcome's cap: an earlier version copied it uncapped,
    // and the replay must cope with whatever the dead-letter topic holds.
    com.fasterxml.jackson.databind.node.ObjectNode written = json.valueToTree(failed);
    if (tenant != null) {
      written.put("tenant", tenant);
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(deadLetterTopic, keyOf(eventId), json.writeValueAsBytes(written));
    record.headers().add("eventId", eventId.getBytes(StandardCharsets.UTF_8));
    record.headers().add("outcome", "FAILED".getBytes(StandardCharsets.UTF_8));
    kafka.send(record);
    deadLetterOffsets.add((long) deadLetterOffsets.size());
  }

  private static byte[] keyOf(String eventId) {
    return ("crm-" + eventId).getBytes(StandardCharsets.UTF_8);
  }

  /** A request with non-ASCII text and odd spacing, so a re-serialised copy would differ. */
  private static byte[] requestOf(String eventId) {
    return ("{\"eventId\":  \"" + eventId + "\", \"tenant\": \"x\", \"note\": \"Zürich \u2713\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private String eventIdOf(ConsumerRecord<byte[], byte[]> record) {
    try {
      return json.readTree(record.value()).path("eventId").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Run replay(String... filters) {
    List<String> args = new ArrayList<>();
    args.add("--bootstrap-servers=" + broker.bootstrapServers());
    args.add("--dead-letter-topic=" + deadLetterTopic);
    args.add("--requests-topic=" + requestsTopic);
    args.addAll(List.of(filters));
    return run(Map.of(), args.toArray(String[]::new));
  }

  /** The command with exactly these arguments and environment variables. */
  static Run run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int exitCode =
        ReplayDeadLetters.run(
            new PrintStream(output, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8),
            environment,
            args);
    return new Run(
        exitCode, output.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
  }

  record Run(int exitCode, String output, String errors) {}
}
