package io.korebridge.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.korebridge.testsupport.BridgeProcess;
import io.korebridge.testsupport.BridgeTestEnvironment;
import io.korebridge.testsupport.KafkaBroker;
import io.korebridge.testsupport.KafkaTestClient;
import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs the whole thing on one machine without Docker or accounts: a real Kafka broker, the Kore
 * simulator and the packaged service; sends the sample event and prints its outcome. With {@code
 * --once} it stops after that; otherwise it keeps running until Ctrl-C.
 */
public final class LocalStack {

  private static final String SAMPLE = "campaign-request.json";
  private static final Duration OUTCOME_WAIT = Duration.ofSeconds(60);

  private LocalStack() {}

  public static void main(String[] args) throws Exception {
    boolean once = List.of(args).contains("--once");
    KafkaBroker broker = KafkaBroker.start();
    broker.createTopics(
        BridgeTestEnvironment.REQUESTS,
        BridgeTestEnvironment.RESULTS,
        BridgeTestEnvironment.DEAD_LETTER);
    KoreSimulator kore = KoreSimulator.start(Integer.getInteger("local.kore.port", 0));
    Map<String, String> env =
        BridgeProcess.environmentFor(broker.bootstrapServers(), kore.baseUrl());
    BridgeProcess bridge = BridgeProcess.start(env, null, List.of());
    KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers());
    Runnable stopAll =
        () -> {
          bridge.close();
          kafka.close();
          kore.close();
          broker.close();
        };
    if (!once) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopAll));
    }

    banner(broker.bootstrapServers(), kore.baseUrl());
    byte[] sample = Samples.bytes(SAMPLE);
    String eventId = new ObjectMapper().readTree(sample).path("eventId").asText();
    kafka.send(BridgeTestEnvironment.REQUESTS, eventId, sample);
    System.out.println(">>> sent the sample event " + eventId + ", waiting for its outcome...");
    List<ConsumerRecord<byte[], byte[]>> outcome =
        kafka.await(
            BridgeTestEnvironment.RESULTS, KafkaTestClient.withEventId(eventId), 1, OUTCOME_WAIT);
    if (outcome.isEmpty()) {
      outcome =
          kafka.await(
              BridgeTestEnvironment.DEAD_LETTER,
              KafkaTestClient.withEventId(eventId),
              1,
              Duration.ofSeconds(1));
    }
    boolean created = false;
    if (outcome.isEmpty()) {
      System.out.println(">>> no outcome within " + OUTCOME_WAIT.toSeconds() + " s");
    } else {
      ConsumerRecord<byte[], byte[]> record = outcome.get(0);
      created = "CREATED".equals(KafkaTestClient.header(record, "outcome"));
      System.out.println(">>> outcome on " + record.topic() + ":");
      System.out.println(pretty(record.value()));
    }
    if (once) {
      stopAll.run();
      System.out.println(">>> stopped; the sample was " + (created ? "CREATED" : "NOT created"));
      System.exit(created ? 0 : 1);
    }
    System.out.println(">>> the service keeps running; press Ctrl-C to stop everything.");
    Thread.currentThread().join();
  }

  private static void banner(String bootstrapServers, String koreUrl) {
    System.out.println(">>> Kafka broker:  " + bootstrapServers);
    System.out.println(">>> Kore simulator: " + koreUrl);
    System.out.println(
        ">>> topics: "
            + BridgeTestEnvironment.REQUESTS
            + " -> "
            + BridgeTestEnvironment.RESULTS
            + " | "
            + BridgeTestEnvironment.DEAD_LETTER);
  }

  private static String pretty(byte[] json) {
    try {
      ObjectMapper mapper = new ObjectMapper();
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
    } catch (Exception e) {
      return new String(json, StandardCharsets.UTF_8);
    }
  }
}
