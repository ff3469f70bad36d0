package io.korebridge.replay;

import io.korebridge.outcome.FailureReason;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator's command behind {@code bin/replay-dead-letters}: a bounded run over the dead-letter
 * topic, not part of the service (plain picocli, no Quarkus start-up).
 */
@Command(
    name = "replay-dead-letters",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Re-publishes the original requests of FAILED outcomes from the dead-letter topic to the"
          + " requests topic (same key, same bytes, header replayed-from=<topic>-<partition>@<offset>).",
      "Reads the dead-letter topic from the beginning up to its end at start. Filters combine with"
          + " AND; the values of one filter with OR. Without filters every dead letter is replayed."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (also when nothing matched)", "1:Kafka failed", "2:bad arguments"})
public final class ReplayDeadLetters implements Callable<Integer> {

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka brokers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--dead-letter-topic",
      paramLabel = "TOPIC",
      defaultValue = "${env:CAMPAIGN_TOPICS_DEAD_LETTER:-campaign-dead-letter}",
      description = "Where FAILED outcomes are read (default: ${DEFAULT-VALUE}).")
  String deadLetterTopic;

  @Option(
      names = "--requests-topic",
      paramLabel = "TOPIC",
      defaultValue = "${env:CAMPAIGN_TOPICS_REQUESTS:-campaign-requests}",
      description = "Where the requests are re-published (default: ${DEFAULT-VALUE}).")
  String requestsTopic;

  @Option(
      names = "--reason",
      split = ",",
      paramLabel = "REASON",
      description = "Only these failure reasons, e.g. KORE_AUTH_FAILED,KORE_UNAVAILABLE.")
  List<String> reasons = List.of();

  @Option(
      names = "--tenant",
      split = ",",
      paramLabel = "TENANT",
      description = "Only these tenants.")
  List<String> tenants = List.of();

  @Option(
      names = "--event-id",
      split = ",",
      paramLabel = "EVENT_ID",
      description = "Only these eventIds.")
  List<String> eventIds = List.of();

  @Option(
      names = "--since",
      paramLabel = "INSTANT",
      converter = InstantConverter.class,
      description =
          "Only dead letters from this instant on (ISO-8601, e.g. 2026-11-27T08:00:00Z), by their"
              + " processedAt or else the record timestamp.")
  Instant since;

  @Option(
      names = "--dry-run",
      description = "Print what would be replayed and the count; publish nothing.")
  boolean dryRun;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "Extra Kafka client setting, repeatable (e.g. security.protocol=SASL_SSL, sasl.mechanism=...).")
  Map<String, String> kafkaProperties = new HashMap<>();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    for (String reason : reasons) {
      if (Arrays.stream(FailureReason.values()).noneMatch(known -> known.name().equals(reason))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown --reason " + reason + "; one of " + Arrays.toString(FailureReason.values()));
      }
    }
    Map<String, Object> client = new HashMap<>(kafkaProperties);
    client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    DeadLetterFilter filter =
        new DeadLetterFilter(
            new LinkedHashSet<>(reasons),
            new LinkedHashSet<>(tenants),
            new LinkedHashSet<>(eventIds),
            since);
    DeadLetterReplay.Summary summary =
        new DeadLetterReplay(client, deadLetterTopic, requestsTopic).run(filter, dryRun, out);
    out.printf(
        "%s: %d dead letters read from %s, %d unreadable or without original, %d matching, %s%n",
        dryRun ? "Dry run" : "Done",
        summary.read(),
        deadLetterTopic,
        summary.unreadable(),
        summary.matched(),
        dryRun
            ? summary.matched() + " would be replayed to " + requestsTopic + " (nothing published)"
            : summary.replayed() + " replayed to " + requestsTopic);
    return 0;
  }

  /** Runs the command with {@code out} for its report; returns the exit code. */
  public static int run(PrintStream out, String... args) {
    ReplayDeadLetters command = new ReplayDeadLetters();
    command.out = out;
    return new CommandLine(command)
        .setOut(new java.io.PrintWriter(out, true))
        .setExecutionExceptionHandler(
            (failure, commandLine, parsed) -> {
              commandLine.getErr().println("replay failed: " + failure);
              return 1;
            })
        .execute(args);
  }

  public static void main(String[] args) {
    // The operator reads the report on stdout; Kafka's client start-up chatter would bury it.
    java.util.logging.Logger.getLogger("org.apache.kafka")
        .setLevel(java.util.logging.Level.WARNING);
    System.exit(run(System.out, args));
  }

  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      return Instant.parse(value);
    }
  }
}
