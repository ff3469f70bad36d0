package io.korebridge.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app}) running as its own process, configured through
 * environment variables exactly as a deployment would configure it.
 */
public final class BridgeProcess implements AutoCloseable {

  public static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private final Process process;

  private BridgeProcess(Process process) {
    this.process = process;
  }

  /** Environment for a bridge that talks to {@code bootstrapServers} and the simulator. */
  public static Map<String, String> environmentFor(String bootstrapServers, String koreBaseUrl) {
    Map<String, String> env = new TreeMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("KORE_BASE_URL", koreBaseUrl);
    env.put("KORE_STREAM_ID", KoreSimulator.STREAM_ID);
    env.put("KORE_ACCOUNT_ID", KoreSimulator.ACCOUNT_ID);
    env.put("KORE_IID", KoreSimulator.IID);
    env.put("KORE_CLIENT_ID", KoreSimulator.CLIENT_ID);
    env.put("KORE_CLIENT_SECRET", KoreSimulator.CLIENT_SECRET);
    return env;
  }

  /**
   * {@link #environmentFor(String, String)} for a run on its own topics and consumer group: the
   * requests, results, dead-letter and idempotency topics and the group, in that order.
   */
  public static Map<String, String> environmentFor(
      String bootstrapServers, String koreBaseUrl, String... topicsAndGroup) {
    if (topicsAndGroup.length != 5) {
      throw new IllegalArgumentException("requests, results, dead letter, idempotency, group");
    }
    Map<String, String> env = environmentFor(bootstrapServers, koreBaseUrl);
    env.put("CAMPAIGN_TOPICS_REQUESTS", topicsAndGroup[0]);
    env.put("CAMPAIGN_TOPICS_RESULTS", topicsAndGroup[1]);
    env.put("CAMPAIGN_TOPICS_DEAD_LETTER", topicsAndGroup[2]);
    env.put("CAMPAIGN_TOPICS_IDEMPOTENCY", topicsAndGroup[3]);
    env.put("CAMPAIGN_CONSUMER_GROUP_ID", topicsAndGroup[4]);
    return env;
  }

  public static BridgeProcess start(Map<String, String> environment, File log, List<String> jvmArgs)
      throws IOException {
    if (!Files.exists(APP)) {
      throw new IllegalStateException(
          APP + " is missing: build the service first (./mvnw package)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(APP.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    if (log == null) {
      builder.inheritIO();
    } else {
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    }
    return new BridgeProcess(builder.start());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL on Unix: no shutdown hooks, no graceful commit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * Sends SIGTERM, as Kubernetes does, and waits up to {@code grace} for the process to exit;
   * returns its exit code, or empty when it was still running (then it is killed).
   */
  public java.util.OptionalInt terminate(java.time.Duration grace) throws InterruptedException {
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return java.util.OptionalInt.of(process.exitValue());
    }
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    return java.util.OptionalInt.empty();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
