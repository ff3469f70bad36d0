package io.korebridge.delivery;

import io.korebridge.config.CampaignConfig;
import io.korebridge.kore.KoreCampaignLists;
import io.korebridge.kore.KoreConfig;
import io.korebridge.kore.KoreRetryPolicy;
import io.korebridge.kore.KoreTenants;
import io.korebridge.kore.KoreTokens;
import io.korebridge.ops.BridgeMetrics;
import io.korebridge.outcome.Outcomes;
import io.korebridge.receive.CampaignDelivery;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Moves each request from Kafka to its outcome. One owner thread (the {@link DeliveryLoop}) polls
 * the requests topic, runs the consumer route for each record, and owns all of the engine's state
 * ({@link DeliveryCore}); requests are validated and mapped on worker threads, wait for their
 * account's call slot on the owner's timers (holding no thread), call Kore on one of {@code
 * in-flight} call threads, and publish their outcome asynchronously. A record's offset becomes
 * committable once its outcome (and, for CREATED, its ledger entry) is acknowledged by Kafka and
 * every record before it on its partition is too. docs/delivery-core.md describes it whole.
 */
@ApplicationScoped
@Named("deliveryEngine")
public class DeliveryEngine {

  private final CampaignConfig campaign;
  private final DeliveryCore core;
  private final DeliveryLease lease;
  private final ExecutorService workers;
  private final ExecutorService callers;
  private volatile DeliveryLoop loop;
  private volatile Thread owner;

  public DeliveryEngine(
      CamelContext camel,
      CampaignConfig campaign,
      KoreConfig kore,
      KoreTenants tenants,
      KoreTokens tokens,
      CampaignLedger ledger,
      Outcomes outcomes,
      BridgeMetrics metrics,
      KoreCampaignLists lists) {
    this.campaign = campaign;
    CampaignConfig.Delivery config = campaign.delivery();
    KoreConfig.Retry retry = kore.retry();
    KoreCallDecision decision =
        new KoreCallDecision(
            new KoreRetryPolicy(
                retry.maxAttempts(),
                Duration.ofMillis(retry.initialBackoffMs()),
                Duration.ofMillis(retry.maxBackoffMs()),
                Duration.ofMillis(retry.maxRetryAfterMs()),
                Duration.ofMillis(retry.maxElapsedMs()),
                () -> ThreadLocalRandom.current().nextDouble()),
            Duration.ofMillis(kore.outage().pauseMs()),
            Duration.ofMillis(kore.outage().giveUpAfterMs()),
            Duration.ofMillis(kore.rateLimit().pushBackMs()));
    DeliveryStages stages =
        new CamelDeliveryStages(
            camel,
            tenants,
            tokens,
            ledger,
            outcomes,
            metrics,
            decision,
            new AccountBudgets(kore, tenants),
            new CallIntents(kore, ledger, lists));
    this.workers = Executors.newFixedThreadPool(config.workerThreads(), daemon("campaign-worker"));
    this.callers = Executors.newFixedThreadPool(config.inFlight(), daemon("kore-call"));
    this.lease =
        new DeliveryLease(System::currentTimeMillis, campaign.consumer().sessionTimeoutMs() / 2);
    this.core =
        new DeliveryCore(
            new DeliveryCore.Settings(
                config.inFlight(),
                config.maxPending(),
                config.maxPendingBytes(),
                config.commitIntervalMs(),
                config.kafkaRetryBackoffMs()),
            stages,
            decision,
            metrics,
            System::currentTimeMillis,
            workers,
            callers,
            lease);
  }

  /**
   * The consumer route's hand-over. It runs on the owner thread, inside the loop's turn; a route
   * that moved it to another thread would break the engine's one owner, so that is refused.
   */
  public void accept(@Body CampaignDelivery delivery) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "the delivery hand-over must run on the requests consumer's own thread");
    }
    core.accept(delivery);
  }

  /**
   * The owner loop for a new requests consumer. Only one runs at a time: a second consumer of the
   * requests topic in this service would be a second owner.
   */
  synchronized DeliveryLoop newLoop(
      Consumer<byte[], byte[]> consumer, List<String> topics, DeliveryLoop.RecordRoute route) {
    DeliveryLoop running = loop;
    if (running != null
        && running.phase() != DeliveryLoop.Phase.CLOSED
        && running.phase() != DeliveryLoop.Phase.FAILED) {
      throw new IllegalStateException(
          "the requests topic already has a consumer in this service (consumersCount must be 1)");
    }
    CampaignConfig.Consumer settings = campaign.consumer();
    DeliveryLoop created =
        new DeliveryLoop(
            consumer,
            core,
            route,
            new DeliveryLoop.Settings(
                topics,
                settings.pollTimeoutMs(),
                settings.sessionTimeoutMs(),
                campaign.delivery().revokeDrainMs(),
                campaign.shutdown().drainMs()),
            System::currentTimeMillis,
            lease);
    loop = created;
    return created;
  }

  /** Runs {@code loop} on the calling thread, which becomes the engine's owner until it returns. */
  void runAsOwner(DeliveryLoop loop) {
    owner = Thread.currentThread();
    try {
      loop.run();
    } finally {
      owner = null;
    }
  }

  /** The running loop, for readiness; null before the first consumer starts. */
  DeliveryLoop loop() {
    return loop;
  }

  /** Called when the service stops: no new work starts; waits are abandoned. */
  public void stopTakingRequests() {
    core.mailbox().post(core::stop);
  }

  static List<String> topics(String configured) {
    return Arrays.stream(configured.split(","))
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .toList();
  }

  @PreDestroy
  void close() {
    workers.shutdownNow();
    callers.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
