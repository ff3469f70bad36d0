package io.korebridge.replay;

import static io.korebridge.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.outcome.CampaignFailed;
import io.korebridge.outcome.CampaignFailedException;
import io.korebridge.outcome.FailureReason;
import io.korebridge.outcome.Outcomes;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.KafkaTestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    BridgeTestEnvironment.createTopics(broker.bootstrapServers(), deadLetterTopic, requestsTopic);
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
        new Outcomes(Clock.fixed(MORNING, ZoneOffset.UTC), 1024 * 1024)
            .failed(
                null, null, new IllegalStateException("unreadable"), 1, notUtf8, "requests-0@7");
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

    Run run = replay();

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

  @Test
  void rejects_a_reason_that_does_not_exist() throws Exception {
    deadLetter("e-1", "t1", FailureReason.KORE_AUTH_FAILED, MORNING);

    Run run = replay("--reason", "KORE_AUTH_FAIL");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(kafka.readToEnd(requestsTopic)).isEmpty();
  }

  private void deadLetter(String eventId, String tenant, FailureReason reason, Instant at)
      throws Exception {
    CampaignFailed failed =
        new Outcomes(Clock.fixed(at, ZoneOffset.UTC), 1024 * 1024)
            .failed(
                eventId,
                tenant,
                new CampaignFailedException(reason, "failed for the test"),
                1,
                requestOf(eventId),
                "campaign-requests-0@0");
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(deadLetterTopic, keyOf(eventId), json.writeValueAsBytes(failed));
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
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    int exitCode = ReplayDeadLetters.run(out, args.toArray(String[]::new));
    return new Run(exitCode, buffer.toString(StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String output) {}
}
