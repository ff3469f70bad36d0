package io.korebridge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.outcome.CampaignFailed;
import io.korebridge.testsupport.DeadLetters;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/replay-dead-letters} runs from the packaged service and honours the service's env. */
class ReplayDeadLettersScriptIT {

  @Test
  void script_replays_from_the_packaged_app_with_topics_from_the_environment() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start();
        KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
      broker.createTopics("ops-dead-letter", "ops-requests");
      byte[] request = "{\"eventId\": \"e-script\"}".getBytes(StandardCharsets.UTF_8);
      CampaignFailed failed =
          DeadLetters.failed(
              Clock.systemUTC(),
              "e-script",
              "default",
              new CampaignFailedException(FailureReason.KORE_AUTH_FAILED, "token refused"),
              1,
              request,
              "ops-requests-0@0");
      kafka.send("ops-dead-letter", "crm-1", new ObjectMapper().writeValueAsBytes(failed));

      ProcessBuilder dryRun =
          new ProcessBuilder("bin/replay-dead-letters", "--dry-run", "--reason=KORE_AUTH_FAILED")
              .redirectErrorStream(true);
      dryRun.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
      dryRun.environment().put("CAMPAIGN_TOPICS_DEAD_LETTER", "ops-dead-letter");
      dryRun.environment().put("CAMPAIGN_TOPICS_REQUESTS", "ops-requests");
      Process process = dryRun.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output)
          .contains(
              "DRY RUN  ops-dead-letter-0@0  eventId=e-script reason=KORE_AUTH_FAILED tenant=default",
              "1 would be replayed to ops-requests");
      assertThat(kafka.readToEnd("ops-requests")).isEmpty();

      Process replay =
          new ProcessBuilder(
                  List.of(
                      "bin/replay-dead-letters",
                      "--bootstrap-servers=" + broker.bootstrapServers(),
                      "--dead-letter-topic=ops-dead-letter",
                      "--requests-topic=ops-requests",
                      "--event-id=e-script"))
              .redirectErrorStream(true)
              .start();
      String replayOutput =
          new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(replay.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(replay.exitValue()).as(replayOutput).isZero();
      assertThat(kafka.readToEnd("ops-requests"))
          .singleElement()
          .satisfies(record -> assertThat(record.value()).isEqualTo(request));
    }
  }

  @Test
  void script_refuses_unsafe_runs_before_touching_kafka() throws Exception {
    Run help = script(Map.of(), "--help");
    assertThat(help.exitCode).as(help.output).isZero();
    assertThat(help.output).contains("--kafka-config", "--all", "--results-topic");

    Run noFilter = script(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"));
    assertThat(noFilter.exitCode).isEqualTo(2);
    assertThat(noFilter.output).contains("no filter given; pass --all to replay every dead letter");

    Run secret =
        script(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"),
            "--all",
            "--kafka-property",
            "ssl.keystore.password=hunter2");
    assertThat(secret.exitCode).isEqualTo(2);
    assertThat(secret.output).contains("holds a secret").doesNotContain("hunter2");

    Run intoDeadLetters =
        script(
            Map.of(
                "CAMPAIGN_TOPICS_DEAD_LETTER", "ops-dead-letter",
                "CAMPAIGN_TOPICS_REQUESTS", "ops-dead-letter"),
            "--all");
    assertThat(intoDeadLetters.exitCode).isEqualTo(2);
    assertThat(intoDeadLetters.output).contains("is the dead-letter topic");
  }

  private static Run script(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("bin/replay-dead-letters");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  private record Run(int exitCode, String output) {}
}
