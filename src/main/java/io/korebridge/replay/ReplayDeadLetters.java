package io.korebridge.replay;

import io.korebridge.contract.FailureReason;
import io.korebridge.outcome.SafeText;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
      "Re-publishes the original requests of FAILED outcomes from the dead-letter topic, each to"
          + " the requests topic it came from (same key, same bytes, the original headers when the"
          + " dead letter kept them, and header replayed-from=<topic>-<partition>@<offset>).",
      "TENANT_NOT_ALLOWED and UNKNOWN_TENANT dead letters are left out unless --reason names"
          + " them.",
      "Reads the dead-letter topic from the beginning up to its end at start. Filters combine with"
          + " AND; the values of one filter with OR. Without a filter, --all is needed (a dry run"
          + " lists everything without it).",
      "Kafka settings come from the service's environment variables (KAFKA_BOOTSTRAP_SERVERS,"
          + " KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*), then --kafka-config, then"
          + " --kafka-property, then --bootstrap-servers; secrets only in the first two."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (also when nothing matched)", "1:Kafka failed", "2:bad arguments"})
public final class ReplayDeadLetters implements Callable<Integer> {

  static final String DEFAULT_DEAD_LETTER_TOPIC = "campaign-dead-letter";
  static final String DEFAULT_REQUESTS_TOPIC = "campaign-requests";
  static final String DEFAULT_RESULTS_TOPIC = "campaign-results";

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka brokers (default: bootstrap.servers of --kafka-config, else"
              + " $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092).")
  String bootstrapServers;

  @Option(
      names = "--dead-letter-topic",
      paramLabel = "TOPIC",
      description =
          "Where FAILED outcomes are read (default: $CAMPAIGN_TOPICS_DEAD_LETTER, else "
              + DEFAULT_DEAD_LETTER_TOPIC
              + ").")
  String deadLetterTopic;

  @Option(
      names = "--requests-topic",
      paramLabel = "TOPIC",
      description =
          "The requests topics (comma-separated) a request may be sent back to; each goes to the"
              + " one it came from, and one from another topic is skipped (default:"
              + " $CAMPAIGN_TOPICS_REQUESTS, else "
              + DEFAULT_REQUESTS_TOPIC
              + "). The dead-letter and results topics are refused.")
  String requestsTopic;

  @Option(
      names = "--results-topic",
      paramLabel = "TOPIC",
      description =
          "The service's results topic, only to refuse it as target (default:"
              + " $CAMPAIGN_TOPICS_RESULTS, else "
              + DEFAULT_RESULTS_TOPIC
              + ").")
  String resultsTopic;

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
      names = "--all",
      description = "Replay every dead letter; needed when no filter is given.")
  boolean all;

  @Option(
      names = "--dry-run",
      description = "Print what would be replayed and the count; publish nothing.")
  boolean dryRun;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties file (security.protocol, sasl.jaas.config,"
              + " ssl.truststore.location, ...); the place for secrets besides the environment.")
  Path kafkaConfig;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "Extra Kafka client setting, repeatable (e.g. security.protocol=SASL_SSL). Secrets"
              + " (sasl.jaas.config, *password*) are refused: put them in --kafka-config or the"
              + " environment.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private PrintStream out = System.out;
  private Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    for (String reason : reasons) {
      if (Arrays.stream(FailureReason.values()).noneMatch(known -> known.name().equals(reason))) {
        throw usage(
            "unknown --reason "
                + SafeText.forTerminal(reason)
                + "; one of "
                + Arrays.toString(FailureReason.values()));
      }
    }
    String deadLetters =
        orEnvironment(deadLetterTopic, "CAMPAIGN_TOPICS_DEAD_LETTER", DEFAULT_DEAD_LETTER_TOPIC);
    Set<String> requests = new TreeSet<>();
    for (String topic :
        orEnvironment(requestsTopic, "CAMPAIGN_TOPICS_REQUESTS", DEFAULT_REQUESTS_TOPIC)
            .split(",")) {
      if (!topic.isBlank()) {
        requests.add(topic.trim());
      }
    }
    String results = orEnvironment(resultsTopic, "CAMPAIGN_TOPICS_RESULTS", DEFAULT_RESULTS_TOPIC);
    for (String topic : requests) {
      refuseAsTarget(topic, deadLetters, "dead-letter");
      refuseAsTarget(topic, results, "results");
    }
    DeadLetterFilter filter =
        new DeadLetterFilter(
            new LinkedHashSet<>(reasons),
            new LinkedHashSet<>(tenants),
            new LinkedHashSet<>(eventIds),
            since);
    if (all && !filter.isEmpty()) {
      throw usage("--all replays every dead letter; leave it out when giving filters");
    }
    if (!all && filter.isEmpty() && !dryRun) {
      throw usage("no filter given; pass --all to replay every dead letter");
    }
    Map<String, Object> client = clientSettings();
    DeadLetterReplay.Summary summary =
        new DeadLetterReplay(client, deadLetters, requests).run(filter, dryRun, out);
    out.printf(
        "%s: %d dead letters read from %s, %d unreadable or without original, %d left out"
            + " (TENANT_NOT_ALLOWED, UNKNOWN_TENANT: name them with --reason), %d matching, %s%n",
        dryRun ? "Dry run" : "Done",
        summary.read(),
        deadLetters,
        summary.unreadable(),
        summary.leftOut(),
        summary.matched(),
        dryRun
            ? summary.matched()
                + " would be replayed to "
                + String.join(",", requests)
                + " (each to the topic it came from; nothing published)"
            : summary.replayed()
                + " replayed to "
                + String.join(",", requests)
                + " (each to the topic it came from)");
    return 0;
  }

  /** Environment, then the file, then --kafka-property, then --bootstrap-servers: later wins. */
  private Map<String, Object> clientSettings() {
    for (String key : kafkaProperties.keySet()) {
      if (KafkaClientSettings.isSecret(key)) {
        throw usage(
            "--kafka-property "
                + SafeText.forTerminal(key)
                + " holds a secret, which the command line would show (ps, shell history); put"
                + " it in the --kafka-config file or the environment (README \"Replaying dead"
                + " letters\")");
      }
    }
    Map<String, Object> client = new HashMap<>(KafkaClientSettings.fromEnvironment(environment));
    if (kafkaConfig != null) {
      try {
        client.putAll(KafkaClientSettings.fromFile(kafkaConfig));
      } catch (IOException unreadable) {
        throw usage("cannot read --kafka-config " + kafkaConfig + ": " + unreadable);
      }
    }
    client.putAll(kafkaProperties);
    if (bootstrapServers != null) {
      client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
    return client;
  }

  private void refuseAsTarget(String requests, String topic, String which) {
    if (requests.equals(topic)) {
      throw usage(
          "--requests-topic "
              + requests
              + " is the "
              + which
              + " topic; replay into the topic the bridge consumes");
    }
  }

  private String orEnvironment(String option, String variable, String fallback) {
    if (option != null) {
      return option;
    }
    String value = environment.get(variable);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Runs the command with {@code out} for its report; returns the exit code. */
  public static int run(PrintStream out, String... args) {
    return run(out, System.err, System.getenv(), args);
  }

  /** As {@link #run(PrintStream, String...)}, with errors to {@code err} and this environment. */
  static int run(
      PrintStream out, PrintStream err, Map<String, String> environment, String... args) {
    ReplayDeadLetters command = new ReplayDeadLetters();
    command.out = out;
    command.environment = Map.copyOf(environment);
    return new CommandLine(command)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(
            (failure, commandLine, parsed) -> {
              commandLine
                  .getErr()
                  .println("replay failed: " + SafeText.forTerminal(failure.toString(), 500));
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
