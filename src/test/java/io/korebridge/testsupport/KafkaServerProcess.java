package io.korebridge.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker in its own JVM, on fixed ports and a fixed data directory,
 * so that a test can kill it and start it again as the same broker. Apache Kafka's own jars run it
 * ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka server.properties}); the
 * in-process test kit cannot come back on the same port. Get one through {@link
 * KafkaBroker#ownProcess}.
 */
public final class KafkaServerProcess implements KafkaBroker {

  /** A file listing the broker's classpath, written by the build (maven-dependency-plugin). */
  public static final String CLASSPATH_FILE_PROPERTY = "kafka.broker.classpath.file";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path workDir;
  private final Path config;
  private final Path log;
  private final String classpath;
  private final int port;
  private Process process;

  private KafkaServerProcess(Path workDir, int port, int controllerPort) throws IOException {
    this.workDir = workDir;
    this.port = port;
    this.config = workDir.resolve("server.properties");
    this.log = workDir.resolve("broker.log");
    this.classpath = classpath();
    Files.createDirectories(workDir);
    Files.writeString(config, serverProperties(workDir.resolve("data"), port, controllerPort));
  }

  /** Formats a fresh data directory under {@code workDir} and starts the broker on free ports. */
  static KafkaServerProcess start(Path workDir) {
    try {
      deleteRecursively(workDir);
      KafkaServerProcess broker = new KafkaServerProcess(workDir, freePort(), freePort());
      broker.format();
      broker.start();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /** The broker JVM's process id, for CPU and memory figures; -1 when it is not running. */
  public long pid() {
    return process == null || !process.isAlive() ? -1 : process.pid();
  }

  /** Starts the broker (again) on the same port and data directory; returns once it serves. */
  public void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("broker already running");
    }
    List<String> command = java();
    command.add("-Xmx512m");
    command.add("kafka.Kafka");
    command.add(config.toString());
    process = launch(command);
    awaitReady();
  }

  /** SIGKILL: the broker stops at once, as in a crash; its data stays on disk. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("broker did not die");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    kill();
  }

  private void format() throws IOException {
    List<String> command = java();
    command.add("kafka.tools.StorageTool");
    command.addAll(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
    Process format = launch(command);
    try {
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        throw new IllegalStateException("could not format Kafka storage; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                4000))) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("Kafka broker exited; see " + log);
        }
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception notYet) {
          Thread.sleep(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("Kafka broker not ready in " + READY_TIMEOUT + "; see " + log);
  }

  private List<String> java() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    command.add("-cp");
    command.add(classpath);
    return command;
  }

  private Process launch(List<String> command) {
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String classpath() throws IOException {
    String file = System.getProperty(CLASSPATH_FILE_PROPERTY);
    if (file != null && new File(file).isFile()) {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    }
    return System.getProperty("java.class.path");
  }

  private static String serverProperties(Path data, int port, int controllerPort) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@localhost:" + controllerPort,
        "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
        "advertised.listeners=PLAINTEXT://localhost:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + data,
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true",
        "num.partitions=1",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
