package io.korebridge.delivery;

import static io.korebridge.testsupport.KafkaTestClient.withEventId;
import static io.korebridge.testsupport.KafkaTestClient.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import io.korebridge.bench.DeploymentJvm;
import io.korebridge.testsupport.BridgeProcess;
import io.korebridge.testsupport.HostileCorpus;
import io.korebridge.testsupport.HostileCorpus.Shape;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.OwnProcessStack;
import io.korebridge.testsupport.Samples;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged service, started with the JVM options of the Deployment in k8s/ (its heap under the
 * container's memory limit, exit on OutOfMemoryError), fed every shape of {@link HostileCorpus},
 * each followed by a valid event on the same key: one FAILED outcome with the shape's reason, the
 * valid one CREATED, and the process alive throughout. Prints the heap's peak per shape, read over
 * JMX from the service's own memory pools.
 */
class HostileInputIT {

  private static final Path WORK = Path.of("target", "hostile-input-it");
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final String REQUESTS = "hostile-it-requests";
  private static final String RESULTS = "hostile-it-results";
  private static final String DEAD_LETTER = "hostile-it-dead-letter";

  @RegisterExtension static final OwnProcessStack STACK = new OwnProcessStack(WORK);

  @Test
  void every_hostile_shape_fails_alone_under_the_deployments_heap() throws Exception {
    DeploymentJvm jvm = DeploymentJvm.read(DeploymentJvm.DEPLOYMENT);
    assertThat(jvm.args())
        .as("the Deployment's options, read from %s", jvm.source())
        .anyMatch(a -> a.startsWith("-XX:MaxRAM="))
        .contains("-XX:+ExitOnOutOfMemoryError");
    System.out.println("[hostile input] JVM " + jvm.args() + " from " + jvm.source());
    STACK.broker().createTopics(REQUESTS);
    // Outcome topics as a broker makes them by default (1 MiB); the service must fit its outcomes.
    STACK
        .broker()
        .createTopics(
            1,
            Map.of("max.message.bytes", Integer.toString(HostileCorpus.LIMIT)),
            RESULTS,
            DEAD_LETTER);
    Map<String, String> env =
        STACK.bridgeEnvironment(
            REQUESTS, RESULTS, DEAD_LETTER, "hostile-it-idempotency", "hostile-it-bridge");
    env.put("CAMPAIGN_MANAGEMENT_PORT", Integer.toString(freePort()));
    env.put("KORE_RATE_LIMIT_PER_MINUTE", "0");
    // No campaign.outcome.max-bytes (3 MiB by default): the service sizes its dead letters to the
    // outcome topics' max.message.bytes, read at start-up.
    env.putAll(jvm.env());
    Path log = WORK.resolve("service.log");
    Files.deleteIfExists(log);
    KafkaTestClient kafka = STACK.kafka();
    List<String> report = new ArrayList<>();

    try (BridgeProcess bridge = BridgeProcess.start(env, log.toFile(), jvm.args())) {
      // Started and consuming: a valid event is created. Then its heap is watched.
      String warmUp = UUID.randomUUID().toString();
      kafka.send(REQUESTS, "warm-up", Samples.request(warmUp, e -> {}));
      kafka.awaitOutcome(RESULTS, warmUp, Duration.ofSeconds(90));
      try (HeapPeaks heap = HeapPeaks.of(bridge)) {
        report.add(String.format("%-70s %s", "(after start-up and one valid event)", heap.peak()));
        feed(bridge, heap, report, log);
      }
      assertThat(bridge.isAlive()).isTrue();
    }
    String table =
        "[hostile input] peak heap per shape (JVM "
            + jvm.args()
            + ")\n"
            + String.join("\n", report);
    System.out.println(table);
    Files.writeString(WORK.resolve("peak-heap.txt"), table + "\n");
    assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
  }

  private static void feed(BridgeProcess bridge, HeapPeaks heap, List<String> report, Path log) {
    KafkaTestClient kafka = STACK.kafka();
    for (Shape shape : HostileCorpus.all()) {
      heap.reset();
      String key = "hostile-" + UUID.randomUUID();
      String next = UUID.randomUUID().toString();
      List<Header> headers = new ArrayList<>();
      shape.headers().forEach((name, value) -> headers.add(new RecordHeader(name, value)));
      kafka.send(new ProducerRecord<>(REQUESTS, null, bytes(key), shape.value(), headers));
      kafka.send(REQUESTS, key, Samples.request(next, e -> {}));

      kafka.awaitOutcome(RESULTS, next, WITHIN);
      List<ConsumerRecord<byte[], byte[]>> failed =
          kafka.readToEnd(DEAD_LETTER).stream().filter(withKey(key)).toList();
      assertThat(failed).as("%s: exactly one FAILED outcome; see %s", shape, log).hasSize(1);
      JsonNode outcome = KafkaTestClient.jsonOf(failed.get(0));
      assertThat(outcome.path("reason").asText())
          .as("%s: %s", shape, outcome.path("error").asText())
          .isEqualTo(shape.reason());
      assertThat(failed.get(0).serializedValueSize()).isLessThanOrEqualTo(HostileCorpus.LIMIT);
      if (outcome.path("eventIdOmitted").asBoolean()) {
        assertThat(outcome.path("eventIdPrefix").asText()).as("%s", shape).isNotEmpty();
      }
      assertThat(kafka.readToEnd(DEAD_LETTER).stream().filter(withEventId(next)).toList())
          .as("%s: no FAILED outcome for the valid event behind it", shape)
          .isEmpty();
      assertThat(bridge.isAlive()).as("%s: the service is alive; see %s", shape, log).isTrue();
      report.add(String.format("%-70s %s", shape, heap.peak()));
    }
  }

  /** The service's heap pools over JMX (the attach API's local agent): peaks, and their reset. */
  private static final class HeapPeaks implements AutoCloseable {

    private final JMXConnector connector;
    private final List<MemoryPoolMXBean> heapPools;
    private final long maxHeap;

    private HeapPeaks(JMXConnector connector, List<MemoryPoolMXBean> heapPools, long maxHeap) {
      this.connector = connector;
      this.heapPools = heapPools;
      this.maxHeap = maxHeap;
    }

    static HeapPeaks of(BridgeProcess bridge) throws Exception {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(bridge.pid()));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
      MBeanServerConnection server = connector.getMBeanServerConnection();
      List<MemoryPoolMXBean> pools =
          ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class).stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      long max =
          ManagementFactory.newPlatformMXBeanProxy(
                  server,
                  ManagementFactory.MEMORY_MXBEAN_NAME,
                  java.lang.management.MemoryMXBean.class)
              .getHeapMemoryUsage()
              .getMax();
      return new HeapPeaks(connector, pools, max);
    }

    void reset() {
      heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Each heap pool's peak since the last reset (MiB), and the heap's maximum. */
    String peak() {
      StringBuilder text = new StringBuilder();
      for (MemoryPoolMXBean pool : heapPools) {
        text.append(pool.getName())
            .append(' ')
            .append(mib(pool.getPeakUsage().getUsed()))
            .append("  ");
      }
      return text.append("(max heap ").append(mib(maxHeap)).append(')').toString();
    }

    private static String mib(long bytes) {
      return String.format("%.0f MiB", bytes / (1024.0 * 1024.0));
    }

    @Override
    public void close() throws Exception {
      connector.close();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
