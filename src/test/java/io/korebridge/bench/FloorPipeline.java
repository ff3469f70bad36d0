package io.korebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.korebridge.testsupport.Samples;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's floor: the least a Kafka-to-Kore pipeline has to do, in its own JVM so that its
 * CPU and memory are its own in /proc. One kafka-clients consumer in a consumer group; per record
 * it reads the event's {@code eventId}, {@code tenant} and campaign name, puts the name into the
 * Kore body the service sends for the sample event, and posts it with the JDK HttpClient (at most
 * {@code in-flight} calls at once, callbacks on a small fixed executor); each answer becomes a
 * small outcome published with {@code acks=all}; once every outcome of a poll is acknowledged the
 * poll's offsets are committed. No Camel, no validation, no idempotency ledger, no retries (but see
 * {@code max-attempts}).
 *
 * <p>With {@code spacing-ms} > 0 each account's calls start at least that far apart, on a timer
 * (nothing sleeps on the consumer thread), so a rate-limited scenario measures the same budget the
 * service keeps rather than a flood of 429s.
 *
 * <p>With {@code max-attempts} > 1 (scenario h) it is a blind re-sender, as HTTP sink connectors
 * are: a call that timed out ({@code response-timeout-ms}) is sent again after {@code backoff-ms},
 * doubling, up to that many calls, without asking whether the lost call created its campaign.
 * Resends skip {@code spacing-ms}: h has no rate limit.
 *
 * <p>Started by {@link Benchmark} with one argument, a properties file: {@code bootstrap}, {@code
 * requests}, {@code results}, {@code group}, {@code kore-base-url}, {@code in-flight}, {@code
 * spacing-ms}, {@code http-threads}, {@code response-timeout-ms} (default 15000), {@code
 * max-attempts} (default 1), {@code backoff-ms} (default 1000) and per tenant {@code
 * tenant.<name>.{account-id, stream-id, iid,token}}.
 */
public final class FloorPipeline {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Tenant(String accountId, String streamId, String iid, String token) {}

  private record Outcome(boolean created, byte[] value) {}

  private final Properties config;
  private final Map<String, Tenant> tenants = new HashMap<>();
  private final Map<String, Long> nextSlotNanos = new HashMap<>();
  private final ObjectNode body;
  private final Semaphore inFlight;
  private final long spacingNanos;
  private final Duration responseTimeout;
  private final int maxAttempts;
  private final long backoffMillis;
  private final ExecutorService httpExecutor;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final HttpClient http;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String results;
  private final String baseUrl;

  private FloorPipeline(Properties config) throws IOException {
    this.config = config;
    for (String key : config.stringPropertyNames()) {
      if (key.startsWith("tenant.") && key.endsWith(".account-id")) {
        String name = key.substring("tenant.".length(), key.length() - ".account-id".length());
        String prefix = "tenant." + name + ".";
        tenants.put(
            name,
            new Tenant(
                config.getProperty(prefix + "account-id"),
                config.getProperty(prefix + "stream-id"),
                config.getProperty(prefix + "iid"),
                config.getProperty(prefix + "token")));
      }
    }
    // The body the service's mapping produces for the sample event (its mapping test's fixture).
    this.body = (ObjectNode) JSON.readTree(Samples.bytes("kore-create-campaign-body.json"));
    this.inFlight = new Semaphore(Integer.parseInt(config.getProperty("in-flight", "64")));
    this.spacingNanos =
        TimeUnit.MILLISECONDS.toNanos(Long.parseLong(config.getProperty("spacing-ms", "0")));
    this.responseTimeout =
        Duration.ofMillis(Long.parseLong(config.getProperty("response-timeout-ms", "15000")));
    this.maxAttempts = Integer.parseInt(config.getProperty("max-attempts", "1"));
    this.backoffMillis = Long.parseLong(config.getProperty("backoff-ms", "1000"));
    // Explicit executor: on two cores the default one falls back to a thread per task.
    this.httpExecutor =
        Executors.newFixedThreadPool(Integer.parseInt(config.getProperty("http-threads", "4")));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(httpExecutor)
            .build();
    this.results = config.getProperty("results");
    this.baseUrl = config.getProperty("kore-base-url");
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.getProperty("bootstrap"),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName()));
  }

  public static void main(String[] args) throws Exception {
    Properties config = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
      config.load(in);
    }
    new FloorPipeline(config).run();
  }

  private void run() throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.getProperty("bootstrap"),
                ConsumerConfig.GROUP_ID_CONFIG,
                config.getProperty("group"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()))) {
      consumer.subscribe(
          List.of(config.getProperty("requests")),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              System.out.println("floor: assigned " + partitions);
            }
          });
      while (true) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        List<CompletableFuture<?>> outcomes = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
          outcomes.add(handle(record));
        }
        // Commit per poll, only once every outcome of the poll is acknowledged.
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();
        consumer.commitSync();
      }
    }
  }

  /** Completes when the record's outcome is acknowledged by Kafka. */
  private CompletableFuture<?> handle(ConsumerRecord<byte[], byte[]> record) throws Exception {
    JsonNode event = JSON.readTree(record.value());
    String eventId = event.path("eventId").asText();
    String tenantName = event.path("tenant").asText("default");
    Tenant tenant = tenants.getOrDefault(tenantName, tenants.get("default"));
    ObjectNode campaign = body.deepCopy();
    campaign.put("name", event.path("campaign").path("name").asText());
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl
                        + "/api/v2/public/"
                        + tenant.streamId()
                        + "/campaign?accountId="
                        + URLEncoder.encode(tenant.accountId(), StandardCharsets.UTF_8)
                        + "&campaignType=sms"))
            .timeout(responseTimeout)
            .header("Content-Type", "application/json")
            .header("auth", tenant.token())
            .header("accountid", tenant.accountId())
            .header("iid", tenant.iid())
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(campaign)))
            .build();
    CompletableFuture<HttpResponse<byte[]>> answer;
    if (spacingNanos == 0) {
      inFlight.acquire();
      answer = call(request);
    } else {
      answer = new CompletableFuture<>();
      CompletableFuture<HttpResponse<byte[]>> scheduled = answer;
      long delay = slot(tenant.accountId()) - System.nanoTime();
      // Rate-limited scenarios keep only a few calls in flight, so the timer thread hardly waits.
      timer.schedule(
          () -> {
            inFlight.acquireUninterruptibly();
            call(request)
                .whenComplete(
                    (response, error) -> {
                      if (error != null) {
                        scheduled.completeExceptionally(error);
                      } else {
                        scheduled.complete(response);
                      }
                    });
          },
          Math.max(0, delay),
          TimeUnit.NANOSECONDS);
    }
    return resendAfterTimeout(answer, request, 1)
        .handle((response, error) -> outcome(eventId, tenantName, response, error))
        .thenCompose(outcome -> publish(eventId, outcome));
  }

  private CompletableFuture<HttpResponse<byte[]>> call(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((response, error) -> inFlight.release());
  }

  /**
   * The answer of call number {@code calls}, or, when it timed out and calls are left, of a resend
   * {@code backoff-ms * 2^(calls-1)} later (started on the timer, never on the consumer thread).
   */
  private CompletableFuture<HttpResponse<byte[]>> resendAfterTimeout(
      CompletableFuture<HttpResponse<byte[]>> answer, HttpRequest request, int calls) {
    if (calls >= maxAttempts) {
      return answer;
    }
    return answer
        .handle(
            (response, error) -> {
              if (!timedOut(error)) {
                return answer;
              }
              CompletableFuture<HttpResponse<byte[]>> again = new CompletableFuture<>();
              timer.schedule(
                  () -> {
                    inFlight.acquireUninterruptibly();
                    call(request)
                        .whenComplete(
                            (next, failure) -> {
                              if (failure != null) {
                                again.completeExceptionally(failure);
                              } else {
                                again.complete(next);
                              }
                            });
                  },
                  backoffMillis << (calls - 1),
                  TimeUnit.MILLISECONDS);
              return resendAfterTimeout(again, request, calls + 1);
            })
        .thenCompose(next -> next);
  }

  private static boolean timedOut(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The account's next call slot, {@code spacing} after the previous one. */
  private long slot(String accountId) {
    long now = System.nanoTime();
    long slot = Math.max(now, nextSlotNanos.getOrDefault(accountId, now));
    nextSlotNanos.put(accountId, slot + spacingNanos);
    return slot;
  }

  private static Outcome outcome(
      String eventId, String tenant, HttpResponse<byte[]> response, Throwable error) {
    ObjectNode outcome = JSON.createObjectNode();
    outcome.put("eventId", eventId);
    outcome.put("tenant", tenant);
    try {
      boolean created = error == null && response.statusCode() / 100 == 2;
      if (created) {
        outcome.put("outcome", "CREATED");
        outcome.put("campaignId", JSON.readTree(response.body()).path("data").path("_id").asText());
      } else {
        outcome.put("outcome", "FAILED");
        outcome.put(
            "reason",
            error == null
                ? "KORE_HTTP_" + response.statusCode()
                : timedOut(error) ? "KORE_TIMEOUT" : "KORE_UNAVAILABLE");
      }
      return new Outcome(created, JSON.writeValueAsBytes(outcome));
    } catch (IOException e) {
      outcome.put("outcome", "FAILED");
      outcome.put("reason", "KORE_BAD_ANSWER");
      return new Outcome(false, outcome.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private CompletableFuture<?> publish(String eventId, Outcome outcome) {
    boolean created = outcome.created();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(results, eventId.getBytes(StandardCharsets.UTF_8), outcome.value());
    record.headers().add("eventId", eventId.getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add("outcome", (created ? "CREATED" : "FAILED").getBytes(StandardCharsets.UTF_8));
    CompletableFuture<Object> acked = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            acked.completeExceptionally(error);
          } else {
            acked.complete(metadata);
          }
        });
    return acked;
  }
}
