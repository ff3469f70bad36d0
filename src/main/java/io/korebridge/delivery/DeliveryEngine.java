package io.korebridge.delivery;

import io.korebridge.config.CampaignConfig;
import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.kore.KoreCampaignCreated;
import io.korebridge.kore.KoreCampaignLists;
import io.korebridge.kore.KoreCampaignPage;
import io.korebridge.kore.KoreConfig;
import io.korebridge.kore.KoreRetryPolicy;
import io.korebridge.kore.KoreTenant;
import io.korebridge.kore.KoreTenants;
import io.korebridge.kore.KoreTokens;
import io.korebridge.ops.BridgeMetrics;
import io.korebridge.outcome.CampaignCreated;
import io.korebridge.outcome.CampaignOutcome;
import io.korebridge.outcome.OriginalRecord;
import io.korebridge.outcome.Outcomes;
import io.korebridge.outcome.SafeText;
import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.ReceivedRecord;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

/**
 * Moves each request from Kafka to its outcome without ever blocking the Kafka consumer thread.
 *
 * <p>The consumer thread only hands records over ({@link #accept}), commits, pauses and resumes
 * ({@link #beforePoll}) and handles rebalances. Everything else runs on small pools: records are
 * validated and mapped on worker threads, wait for their account's call slot on a timer (holding no
 * thread), call Kore on one of {@code in-flight} call threads, and publish their outcome
 * asynchronously. A record's offset becomes committable once its outcome (and, for CREATED, its
 * ledger entry) is acknowledged by Kafka and every record before it on its partition is too.
 *
 * <p>A Kore account that stays unavailable holds its own requests only: they wait in the account's
 * line, one of them probes Kore every {@code kore.outage.pause-ms}, and every other account keeps
 * calling. Held requests stay pending; consumption pauses only at the pending mark.
 */
@ApplicationScoped
@Named("deliveryEngine")
public class DeliveryEngine {

  static final String PREPARE = "direct:prepare-campaign";
  static final String CALL_KORE = "direct:call-kore";
  static final String LIST_KORE = "direct:list-kore-campaigns";
  static final String PUBLISH = "direct:publish-outcome";
  private static final Duration MAX_KAFKA_BACKOFF = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(DeliveryEngine.class);

  private final CamelContext camel;
  private final CampaignConfig.Delivery config;
  private final Duration shutdownDrain;
  private final KoreTenants tenants;
  private final KoreTokens tokens;
  private final CampaignLedger ledger;
  private final Outcomes outcomes;
  private final BridgeMetrics metrics;
  private final KoreCallDecision decision;
  private final AccountBudgets budgets;
  private final CallIntents intents;

  private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();
  private final KeyOrder<CampaignDelivery> keyOrder = new KeyOrder<>();
  private final Map<String, AccountLine> lines = new ConcurrentHashMap<>();
  private final Set<AccountLine> waitingForPermit = ConcurrentHashMap.newKeySet();
  private final Semaphore permits;
  private final AtomicInteger pendingRecords;
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicInteger heldRequests;
  private final Object drained = new Object();

  private final ExecutorService workers;
  private final ExecutorService callers;
  private final ScheduledThreadPoolExecutor timer;

  private volatile BudgetLanes lanes = BudgetLanes.NONE;
  private volatile boolean shuttingDown;
  private volatile boolean pausedByEngine;
  private long lastCommitAt;
  private ProducerTemplate template;
  private AsyncProducer publisher;

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
    this.camel = camel;
    this.config = campaign.delivery();
    this.shutdownDrain = Duration.ofMillis(campaign.shutdown().drainMs());
    this.tenants = tenants;
    this.tokens = tokens;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.metrics = metrics;
    KoreConfig.Retry retry = kore.retry();
    this.decision =
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
    this.budgets = new AccountBudgets(kore, tenants);
    this.intents = new CallIntents(kore, ledger, lists);
    this.permits = new Semaphore(this.config.inFlight());
    this.workers =
        Executors.newFixedThreadPool(this.config.workerThreads(), daemon("campaign-worker"));
    this.callers = Executors.newFixedThreadPool(this.config.inFlight(), daemon("kore-call"));
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("delivery-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
    // The gauges BridgeMetrics exports (campaign_delivery_pending_records, _held_requests).
    this.pendingRecords = metrics.pendingRecords();
    this.heldRequests = metrics.heldRequests();
  }

  // ---- consumer thread --------------------------------------------------------------------

  /** The consumer route's hand-over: registers the record and starts it if its key is free. */
  public void accept(@Body CampaignDelivery delivery) {
    ReceivedRecord received = delivery.received();
    PartitionState partition =
        partitions.computeIfAbsent(received.topicPartition(), tp -> new PartitionState());
    partition.progress.taken(received.offset(), delivery);
    pendingRecords.incrementAndGet();
    if (partition.progress.wasFinishedBefore(received.offset())) {
      // Its outcome was published before the partition changed hands: not again.
      partition.progress.done(received.offset());
      return;
    }
    pendingBytes.addAndGet(delivery.sizeInBytes());
    if (keyOrder.arrive(orderKey(delivery), delivery)) {
      startPreparing(delivery);
    }
  }

  /** Before every poll: commits what is finished, pauses or resumes consumption. */
  void beforePoll(Consumer<?, ?> consumer) {
    long now = System.currentTimeMillis();
    if (now - lastCommitAt >= config.commitIntervalMs()) {
      lastCommitAt = now;
      commitAsync(consumer);
    }
    Set<TopicPartition> assignment = consumer.assignment();
    if (mustPause()) {
      Set<TopicPartition> notPaused = new HashSet<>(assignment);
      notPaused.removeAll(consumer.paused());
      if (!notPaused.isEmpty()) {
        consumer.pause(notPaused);
        LOG.debugf("Paused %s: %s", notPaused, pauseReason());
      }
      pausedByEngine = true;
    } else if (pausedByEngine && mayResume()) {
      consumer.resume(consumer.paused());
      pausedByEngine = false;
      LOG.debug("Resumed consumption");
    }
  }

  void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> added) {
    for (TopicPartition partition : added) {
      partitions.computeIfAbsent(partition, tp -> new PartitionState());
    }
    learnWhatWasFinished(consumer, added);
    updateLanes(consumer);
    if (mustPause() && !added.isEmpty()) {
      // A new assignment at the pending mark stays paused too.
      consumer.pause(added);
      pausedByEngine = true;
    }
  }

  private void learnWhatWasFinished(Consumer<?, ?> consumer, Collection<TopicPartition> added) {
    if (added.isEmpty()) {
      return;
    }
    try {
      consumer
          .committed(Set.copyOf(added))
          .forEach(
              (partition, commit) -> {
                PartitionState state = partitions.get(partition);
                if (commit != null && state != null) {
                  state.progress.finishedBefore(
                      FinishedAbove.decode(commit.offset(), commit.metadata()));
                }
              });
    } catch (RuntimeException e) {
      LOG.warnf("Could not read the committed offsets of %s: %s", added, e.toString());
    }
  }

  /** Revoked partitions: let running work finish (bounded), commit, forget the rest. */
  void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
    if (revoked.isEmpty()) {
      return;
    }
    Duration bound = shuttingDown ? shutdownDrain : Duration.ofMillis(config.revokeDrainMs());
    finishAndForget(consumer, revoked, bound);
    updateLanes(consumer);
  }

  /** Lost partitions (the group moved on without us): nothing may be committed; forget them. */
  void lost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
    for (TopicPartition partition : lost) {
      forget(partition);
    }
    updateLanes(consumer);
  }

  /** The consumer closes (shutdown or re-creation): finish what runs, commit, keep nothing. */
  void closing(Consumer<?, ?> consumer) {
    shuttingDown = shuttingDown || camel.isStopping();
    Duration bound = shuttingDown ? shutdownDrain : Duration.ofMillis(config.revokeDrainMs());
    finishAndForget(consumer, Set.copyOf(partitions.keySet()), bound);
    lanes = BudgetLanes.NONE;
  }

  /** Called when the service stops: no new work starts; waits are abandoned. */
  public void stopTakingRequests() {
    shuttingDown = true;
  }

  private void finishAndForget(
      Consumer<?, ?> consumer, Collection<TopicPartition> revoked, Duration bound) {
    for (TopicPartition partition : revoked) {
      PartitionState state = partitions.get(partition);
      if (state != null) {
        state.revoking = true;
        state.progress.unfinished().forEach(this::abandonIfWaiting);
      }
    }
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (drained) {
      while (busy(revoked) > 0 && System.nanoTime() < deadline) {
        try {
          drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    int unfinished = busy(revoked);
    if (unfinished > 0) {
      LOG.warnf(
          "%d running request(s) of %s did not finish within %d ms; the next owner takes them over",
          unfinished, revoked, bound.toMillis());
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : revoked) {
      PartitionState state = partitions.get(partition);
      if (state != null) {
        state.progress.commitFailed(); // this commit supersedes any still under way
        state.progress.toCommit().ifPresent(commit -> offsets.put(partition, metadata(commit)));
      }
    }
    if (!offsets.isEmpty()) {
      try {
        consumer.commitSync(offsets);
      } catch (RuntimeException e) {
        LOG.warnf(
            "Could not commit %s before giving the partitions up (%s); their next owner reads"
                + " from the last commit and the ledger answers what was created",
            offsets, e.toString());
      }
    }
    revoked.forEach(this::forget);
  }

  private void commitAsync(Consumer<?, ?> consumer) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    partitions.forEach(
        (partition, state) ->
            state
                .progress
                .toCommit()
                .ifPresent(commit -> offsets.put(partition, metadata(commit))));
    if (offsets.isEmpty()) {
      return;
    }
    try {
      commitAsync(consumer, offsets);
    } catch (RuntimeException e) {
      // Thrown before the commit was sent: no callback comes, so offer these offsets again later.
      offsets.keySet().forEach(this::commitFailed);
      LOG.warnf("Committing %s failed, will try again: %s", offsets, e.toString());
    }
  }

  private void commitFailed(TopicPartition partition) {
    PartitionState state = partitions.get(partition);
    if (state != null) {
      state.progress.commitFailed();
    }
  }

  private void commitAsync(
      Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
    consumer.commitAsync(
        offsets,
        (committed, failure) -> {
          for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
            PartitionState state = partitions.get(entry.getKey());
            if (state == null) {
              continue;
            }
            long offset = entry.getValue().offset();
            if (failure == null) {
              int released = state.progress.committed(offset);
              pendingRecords.addAndGet(-released);
            } else {
              state.progress.commitFailed();
            }
          }
          if (failure != null) {
            LOG.warnf("Committing %s failed, will try again: %s", offsets, failure.toString());
          }
        });
  }

  private static OffsetAndMetadata metadata(PartitionProgress.Commit commit) {
    return new OffsetAndMetadata(
        commit.offset(), FinishedAbove.encode(commit.offset(), commit.finishedAbove()));
  }

  private void forget(TopicPartition partition) {
    PartitionState state = partitions.remove(partition);
    if (state == null) {
      return;
    }
    for (CampaignDelivery delivery : state.progress.unfinished()) {
      delivery.abandon();
      if (delivery.release()) {
        heldRequests.decrementAndGet();
      }
      pendingBytes.addAndGet(-delivery.sizeInBytes());
    }
    pendingRecords.addAndGet(-state.progress.size());
    keyOrder.forget(partition.topic(), partition.partition());
  }

  private void updateLanes(Consumer<?, ?> consumer) {
    Map<String, Integer> counts = new HashMap<>();
    for (String topic : consumer.subscription()) {
      try {
        counts.put(topic, consumer.partitionsFor(topic).size());
      } catch (RuntimeException e) {
        LOG.warnf("Could not read the partition count of %s: %s", topic, e.toString());
      }
    }
    lanes = BudgetLanes.of(counts, consumer.assignment());
    LOG.debugf("Budget lanes: %d of %d", lanes.ownedCount(), lanes.total());
    lines.values().forEach(this::arm);
  }

  private boolean mustPause() {
    // Held requests do not pause: they stay pending, so only the pending mark bounds them.
    return shuttingDown
        || pendingRecords.get() >= config.maxPending()
        || pendingBytes.get() >= config.maxPendingBytes();
  }

  private boolean mayResume() {
    return !shuttingDown
        && pendingRecords.get() <= config.maxPending() * 3L / 4
        && pendingBytes.get() <= config.maxPendingBytes() * 3 / 4;
  }

  private String pauseReason() {
    return "held="
        + heldRequests.get()
        + " pending="
        + pendingRecords.get()
        + " bytes="
        + pendingBytes.get()
        + " shuttingDown="
        + shuttingDown;
  }

  // ---- worker threads ---------------------------------------------------------------------

  /** Queued for a worker it only waits; it runs once a worker takes it up. */
  private void startPreparing(CampaignDelivery delivery) {
    workers.execute(
        () -> {
          if (delivery.isAbandoned()) {
            return;
          }
          busy(delivery);
          step(delivery, () -> prepare(delivery));
        });
  }

  /** Validate, look up, map: ends in an outcome at once or in the account's call queue. */
  private void prepare(CampaignDelivery delivery) {
    if (delivery.isAbandoned()) {
      idle(delivery);
      return;
    }
    Exchange exchange = exchangeFor(delivery, null);
    template().send(PREPARE, exchange);
    Throwable failure = exchange.getException();
    if (failure instanceof KafkaException) {
      // The ledger cannot answer: Kafka's fault, not the request's. Held (it stays pending) and
      // tried again later, never failed.
      if (delivery.hold(Instant.now())) {
        heldRequests.incrementAndGet();
        LOG.warnf(
            "eventId=%s is held until the ledger answers: %s",
            SafeText.forLog(delivery.eventId()), failure);
      }
      later(delivery, Duration.ofMillis(config.kafkaRetryBackoffMs()), () -> prepare(delivery));
      return;
    }
    released(delivery);
    if (failure != null) {
      publish(delivery, failedOutcome(delivery, failure));
      return;
    }
    Object body = exchange.getMessage().getBody();
    if (body instanceof CampaignOutcome answered) {
      publish(delivery, answered);
      return;
    }
    delivery.koreRequestBody(exchange.getMessage().getBody(String.class));
    KoreTenant tenant;
    try {
      tenant = tenants.resolve(delivery.tenant());
    } catch (RuntimeException unknown) {
      publish(delivery, failedOutcome(delivery, unknown));
      return;
    }
    queueForCall(delivery, tenant);
  }

  private void queueForCall(CampaignDelivery delivery, KoreTenant tenant) {
    if (!mayWait(delivery)) {
      return;
    }
    AccountLine line = lineOf(tenant);
    delivery.waitsForCallSlot(Instant.now());
    idle(delivery);
    line.add(delivery);
    if (line.isProbing()) {
      held(delivery); // its account is held: it waits, and its give-up clock runs
    }
    arm(line);
  }

  private AccountLine lineOf(KoreTenant tenant) {
    AccountBudgets.Account account = budgets.of(tenant);
    return lines.computeIfAbsent(account.key(), key -> new AccountLine(account));
  }

  /**
   * Kore is unavailable for the request's account after its in-line retries: the request goes back
   * to the front of the account's line, which {@link #accountAnswered} has held, and every request
   * in that line counts as held. Other accounts' lines are untouched.
   */
  private void holdInLine(CampaignDelivery delivery, KoreTenant tenant) {
    held(delivery);
    if (!mayWait(delivery)) {
      return;
    }
    AccountLine line = lineOf(tenant);
    idle(delivery);
    line.addFirst(delivery);
    line.waiters().forEach(this::held);
    arm(line);
  }

  private void held(CampaignDelivery delivery) {
    if (delivery.hold(Instant.now())) {
      heldRequests.incrementAndGet();
    }
  }

  /**
   * Keeps the line's hold in step with the call that just ended, before the call slot is released:
   * a hold verdict holds the whole account for the pause; an answer from Kore ends its hold.
   */
  private void accountAnswered(AccountLine line, KoreCallVerdict verdict) {
    if (verdict instanceof KoreCallVerdict.Hold hold) {
      line.hold(System.currentTimeMillis() + hold.pause().toMillis());
    } else if (verdict != null && KoreCallDecision.accountAnswers(verdict) && line.endHold()) {
      line.waiters().forEach(this::released);
      LOG.infof("Kore account %s answers again: its held requests are called", line.account.key());
    }
  }

  /** The line's hold pause has passed: requests held too long fail, the next one probes Kore. */
  private void holdEnded(AccountLine line) {
    List<CampaignDelivery> gaveUp;
    synchronized (line) {
      line.armed = false;
      Instant now = Instant.now();
      gaveUp =
          line.removeIf(
              delivery ->
                  delivery.heldSince() != null && decision.heldTooLong(delivery.heldSince(), now));
    }
    for (CampaignDelivery delivery : gaveUp) {
      Instant since = delivery.heldSince();
      Duration heldFor = since == null ? Duration.ZERO : Duration.between(since, Instant.now());
      released(delivery);
      CampaignFailedException cause =
          new CampaignFailedException(
              FailureReason.KORE_UNAVAILABLE,
              "Kore account "
                  + line.account.key()
                  + " was unavailable for the "
                  + heldFor.toMillis()
                  + " ms this request was held (kore.outage.give-up-after-ms)");
      workers.execute(
          () -> {
            if (delivery.isAbandoned()) {
              return;
            }
            busy(delivery);
            step(delivery, () -> publish(delivery, failedOutcome(delivery, cause)));
          });
    }
    arm(line);
  }

  /** Makes sure the line fires at its next usable slot while it has requests waiting. */
  private void arm(AccountLine line) {
    synchronized (line) {
      if (line.armed || line.isEmpty() || line.probeInFlight()) {
        return; // a probe in flight arms the line again when its call ends
      }
      long now = System.currentTimeMillis();
      if (line.heldUntilMs > now) {
        line.armed = true;
        timer.schedule(() -> holdEnded(line), line.heldUntilMs - now, TimeUnit.MILLISECONDS);
        return;
      }
      if (!line.account.limited()) {
        line.armed = true;
        timer.execute(() -> fire(line, -1));
        return;
      }
      OptionalLong slot = line.account.budget().reserve(now, lanes);
      if (slot.isEmpty()) {
        return; // no lane owned right now; armed again on the next assignment
      }
      line.armed = true;
      long delay = Math.max(0, line.account.budget().startMs(slot.getAsLong()) - now);
      timer.schedule(() -> fire(line, slot.getAsLong()), delay, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A slot of the account has come: the first waiting request calls Kore, if a call thread is free.
   */
  private void fire(AccountLine line, long slot) {
    CampaignDelivery next;
    synchronized (line) {
      line.armed = false;
      next = line.peekLive();
      if (next == null) {
        return;
      }
      if (shuttingDown) {
        // Stopping: nothing new is called; the request is read again after the restart.
        line.poll();
        mayWait(next);
        arm(line);
        return;
      }
      AccountCallBudget budget = line.account.budget();
      boolean usable =
          !line.isHeld(System.currentTimeMillis())
              && !line.probeInFlight()
              && (slot < 0
                  || (line.mayStartAnother()
                      && budget.stillUsable(slot, System.currentTimeMillis(), lanes)
                      && !line.skips(budget.startMs(slot))));
      if (usable) {
        if (!permits.tryAcquire()) {
          waitingForPermit.add(line);
          return;
        }
        line.poll();
        line.calling++;
      } else {
        next = null;
      }
    }
    if (next != null) {
      CampaignDelivery calling = next;
      busy(calling);
      callers.execute(() -> call(line, calling));
    }
    arm(line);
  }

  private void call(AccountLine line, CampaignDelivery delivery) {
    KoreCallVerdict verdict = null;
    Runnable instead = null;
    try {
      if (delivery.isAbandoned()) {
        idle(delivery);
        return;
      }
      // Right before the call, not only at prepare: the request may have waited for its slot, a
      // backoff or a hold while its campaign was recorded or another owner sent it.
      CallIntents.BeforeCall before = beforeCall(delivery);
      if (before.answer() instanceof CallIntents.Answer.Verdict decided) {
        verdict = decided.verdict(); // a list answer holds or frees the account like a create's
      } else if (before.instead() != null) {
        instead = before.instead();
      } else {
        Instant started = Instant.now();
        delivery.callStarted(started);
        Exchange exchange = exchangeFor(delivery, delivery.koreRequestBody());
        template().send(CALL_KORE, exchange);
        Throwable failure = exchange.getException();
        KoreCampaignCreated created =
            failure == null ? exchange.getMessage().getBody(KoreCampaignCreated.class) : null;
        verdict =
            intents.afterCall(
                delivery,
                failure,
                decision.decide(
                    new KoreCallDecision.Call(
                        delivery.attempts(),
                        delivery.firstCallAt(),
                        Instant.now(),
                        delivery.isTokenRenewed()),
                    created,
                    failure));
      }
    } catch (RuntimeException | Error unexpected) {
      // A defect of ours, not Kore's answer: the request's INTERNAL_ERROR outcome, never busy.
      verdict = new KoreCallVerdict.Fail(unexpected);
    } finally {
      line.callEnded(System.currentTimeMillis());
      accountAnswered(line, verdict);
      permits.release();
      wakeLinesWaitingForPermit();
      arm(line);
    }
    if (instead != null) {
      step(delivery, instead);
    } else {
      KoreCallVerdict decided = verdict;
      step(delivery, () -> act(delivery, decided));
    }
  }

  /**
   * The look-up before a create call, and what it leads to: nothing (call now, its intent
   * recorded), a verdict as after a call, or a step run instead of the call once the slot's permit
   * is given back.
   */
  private CallIntents.BeforeCall beforeCall(CampaignDelivery delivery) {
    CallIntents.BeforeCall step;
    try {
      step = intents.beforeCall(delivery, this::listPage);
    } catch (KafkaException
        | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      // The ledger cannot answer or take the intent: Kafka's fault, not the account's; unsent.
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      return CallIntents.BeforeCall.instead(
          () -> {
            LOG.warnf(
                "eventId=%s waits for the ledger before its Kore call: %s",
                SafeText.forLog(delivery.eventId()), cause);
            later(
                delivery,
                Duration.ofMillis(config.kafkaRetryBackoffMs()),
                () -> queueForCall(delivery, tenants.resolve(delivery.tenant())));
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CallIntents.BeforeCall.instead(() -> mayWait(delivery));
    }
    if (step.answer() instanceof CallIntents.Answer.FromLedger recorded) {
      return CallIntents.BeforeCall.instead(
          () -> {
            released(delivery);
            publish(
                delivery,
                outcomes
                    .duplicate(recorded.result())
                    .withRegistrySchemaId(delivery.registrySchemaId()));
          });
    }
    if (step.answer() instanceof CallIntents.Answer.CallAgainNow) {
      return CallIntents.BeforeCall.instead(
          () -> queueForCall(delivery, tenants.resolve(delivery.tenant())));
    }
    return step;
  }

  /** One page of Kore's campaign list, through the account's call slot this request holds. */
  private CallIntents.ListAnswer listPage(CampaignDelivery delivery, String requestBody) {
    Exchange exchange = exchangeFor(delivery, requestBody);
    template().send(LIST_KORE, exchange);
    Throwable failure = exchange.getException();
    metrics.koreRetry(delivery.tenant(), "RECONCILE");
    return new CallIntents.ListAnswer(
        failure == null ? exchange.getMessage().getBody(KoreCampaignPage.class) : null, failure);
  }

  private void act(CampaignDelivery delivery, KoreCallVerdict verdict) {
    if (verdict instanceof KoreCallVerdict.Created created) {
      released(delivery);
      CampaignCreated outcome =
          outcomes
              .created(
                  delivery.eventId(), delivery.tenant(), created.campaign(), delivery.attempts())
              .withRegistrySchemaId(delivery.registrySchemaId());
      if (created.reconciled()) {
        outcome = outcome.asReconciled();
      }
      rememberAndPublish(delivery, outcome);
    } else if (verdict instanceof KoreCallVerdict.CallAgain again) {
      metrics.koreRetry(delivery.tenant(), again.reason());
      KoreTenant tenant = tenants.resolve(delivery.tenant());
      again
          .accountPause()
          .ifPresent(
              pause -> {
                AccountBudgets.Account account = budgets.of(tenant);
                if (account.limited()) {
                  account.budget().pushBack(System.currentTimeMillis() + pause.toMillis());
                  metrics.koreBudgetPushedBack(delivery.tenant());
                }
              });
      LOG.warnf(
          "Kore call %d for eventId=%s failed (%s); next attempt in %d ms",
          delivery.attempts(),
          SafeText.forLog(delivery.eventId()),
          again.reason(),
          again.delay().toMillis());
      later(delivery, again.delay(), () -> queueForCall(delivery, tenant));
    } else if (verdict instanceof KoreCallVerdict.RenewTokenAndCallAgain) {
      tokens.renew(delivery.tenant());
      delivery.tokenRenewed();
      queueForCall(delivery, tenants.resolve(delivery.tenant()));
    } else if (verdict instanceof KoreCallVerdict.Hold hold) {
      LOG.warnf(
          "Kore unavailable: eventId=%s and its account's other requests are held, tried again"
              + " every %d ms; other accounts go on",
          SafeText.forLog(delivery.eventId()), hold.pause().toMillis());
      holdInLine(delivery, tenants.resolve(delivery.tenant()));
    } else if (verdict instanceof KoreCallVerdict.Fail fail) {
      released(delivery);
      publish(delivery, failedOutcome(delivery, fail.cause()));
    }
  }

  /** Records the campaign in the ledger, then publishes; the commit waits for both acks. */
  private void rememberAndPublish(CampaignDelivery delivery, CampaignCreated outcome) {
    ledger
        .rememberAsync(outcome)
        .whenComplete(
            (recorded, failure) ->
                workers.execute(() -> step(delivery, () -> recorded(delivery, outcome, failure))));
  }

  private void recorded(CampaignDelivery delivery, CampaignCreated outcome, Throwable failure) {
    if (failure != null) {
      LOG.warnf(
          "Recording campaign of eventId=%s failed, trying again: %s",
          SafeText.forLog(delivery.eventId()), failure.toString());
      retryRecording(delivery, outcome);
    } else if (delivery.isAbandoned()) {
      // Recorded, so the partition's next owner answers it from the ledger.
      idle(delivery);
    } else {
      publish(delivery, outcome);
    }
  }

  private void retryRecording(CampaignDelivery delivery, CampaignCreated outcome) {
    // Not `later`: Kore has created the campaign, so recording it goes on even while we stop.
    timer.schedule(
        () -> workers.execute(() -> step(delivery, () -> rememberAndPublish(delivery, outcome))),
        config.kafkaRetryBackoffMs(),
        TimeUnit.MILLISECONDS);
  }

  // ---- publishing -------------------------------------------------------------------------

  private void publish(CampaignDelivery delivery, CampaignOutcome outcome) {
    publish(delivery, outcome, false, Duration.ofMillis(config.kafkaRetryBackoffMs()));
  }

  private void publish(
      CampaignDelivery delivery, CampaignOutcome outcome, boolean fallback, Duration backoff) {
    Exchange exchange = exchangeFor(delivery, outcome);
    try {
      publisher()
          .process(exchange, doneSync -> published(delivery, outcome, exchange, fallback, backoff));
    } catch (RuntimeException e) {
      exchange.setException(e);
      published(delivery, outcome, exchange, fallback, backoff);
    }
  }

  private void published(
      CampaignDelivery delivery,
      CampaignOutcome outcome,
      Exchange exchange,
      boolean fallback,
      Duration backoff) {
    Throwable failure = exchange.getException();
    if (failure == null) {
      finished(delivery);
      return;
    }
    if (!fallback && isTheOutcomesFault(failure)) {
      LOG.warnf(
          "The outcome of eventId=%s could not be published (%s); publishing a minimal one",
          SafeText.forLog(delivery.eventId()), failure.toString());
      workers.execute(
          () ->
              publish(
                  delivery,
                  outcomes.tooLarge(outcome, delivery.received().location(), failure),
                  true,
                  backoff));
      return;
    }
    LOG.warnf(
        "Publishing the outcome of eventId=%s failed, trying again in %d ms: %s",
        SafeText.forLog(delivery.eventId()), backoff.toMillis(), failure.toString());
    Duration longer =
        backoff.multipliedBy(2).compareTo(MAX_KAFKA_BACKOFF) > 0
            ? MAX_KAFKA_BACKOFF
            : backoff.multipliedBy(2);
    timer.schedule(
        () ->
            workers.execute(
                () -> step(delivery, () -> publish(delivery, outcome, fallback, longer))),
        backoff.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static boolean isTheOutcomesFault(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RecordTooLargeException
          || cause instanceof SerializationException
          || cause instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return true;
      }
    }
    return !(failure instanceof KafkaException) && !(failure.getCause() instanceof KafkaException);
  }

  /** The outcome is acknowledged: the record is done, the next one with its key may start. */
  private void finished(CampaignDelivery delivery) {
    ReceivedRecord received = delivery.received();
    PartitionState state = partitions.get(received.topicPartition());
    if (state != null && !delivery.isAbandoned()) {
      state.progress.done(received.offset());
      pendingBytes.addAndGet(-delivery.sizeInBytes());
    }
    idle(delivery);
    if (delivery.isAbandoned()) {
      return;
    }
    CampaignDelivery next = keyOrder.finished(orderKey(delivery));
    if (next != null && !next.isAbandoned()) {
      startPreparing(next);
    }
  }

  // ---- waiting ----------------------------------------------------------------------------

  /** Runs {@code step} after {@code delay} on a worker; the delivery holds no thread meanwhile. */
  private void later(CampaignDelivery delivery, Duration delay, Runnable step) {
    if (!mayWait(delivery)) {
      return;
    }
    idle(delivery);
    timer.schedule(
        () ->
            workers.execute(
                () -> {
                  if (delivery.isAbandoned()) {
                    return;
                  }
                  busy(delivery);
                  step(delivery, step);
                }),
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** False (and the delivery abandoned) when its partition is being given up or we stop. */
  private boolean mayWait(CampaignDelivery delivery) {
    PartitionState state = partitions.get(delivery.received().topicPartition());
    if (state == null || state.revoking || shuttingDown || delivery.isAbandoned()) {
      delivery.abandon();
      if (delivery.release()) {
        heldRequests.decrementAndGet();
      }
      idle(delivery);
      return false;
    }
    return true;
  }

  private void abandonIfWaiting(CampaignDelivery delivery) {
    if (!delivery.isBusy()) {
      delivery.abandon();
    }
  }

  private void released(CampaignDelivery delivery) {
    if (delivery.release()) {
      heldRequests.decrementAndGet();
    }
  }

  private void busy(CampaignDelivery delivery) {
    delivery.markBusy(true);
  }

  private void idle(CampaignDelivery delivery) {
    if (delivery.markBusy(false)) {
      synchronized (drained) {
        drained.notifyAll();
      }
    }
  }

  /**
   * Running requests of these partitions, counted from their own records rather than a counter, so
   * a request that outlives its partition's assignment never counts against the next one.
   */
  private int busy(Collection<TopicPartition> of) {
    int busy = 0;
    for (TopicPartition partition : of) {
      PartitionState state = partitions.get(partition);
      if (state != null) {
        busy += (int) state.progress.unfinished().stream().filter(CampaignDelivery::isBusy).count();
      }
    }
    return busy;
  }

  /**
   * Runs one step of a request: whatever it throws ends as that request's INTERNAL_ERROR outcome,
   * so no record stays busy or pending for ever because of a defect.
   */
  private void step(CampaignDelivery delivery, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error unexpected) {
      LOG.errorf(
          unexpected,
          "Unexpected failure delivering eventId=%s; it ends FAILED (INTERNAL_ERROR)",
          SafeText.forLog(delivery.eventId()));
      try {
        released(delivery);
        busy(delivery);
        publish(delivery, failedOutcome(delivery, unexpected));
      } catch (RuntimeException | Error again) {
        // Not even a FAILED outcome: the record stays pending (never committed past), not busy.
        LOG.errorf(
            again,
            "No outcome for eventId=%s; it is read again",
            SafeText.forLog(delivery.eventId()));
        idle(delivery);
      }
    }
  }

  private void wakeLinesWaitingForPermit() {
    for (AccountLine line : List.copyOf(waitingForPermit)) {
      if (permits.availablePermits() == 0) {
        return;
      }
      waitingForPermit.remove(line);
      arm(line);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private CampaignOutcome failedOutcome(CampaignDelivery delivery, Throwable cause) {
    ReceivedRecord received = delivery.received();
    return outcomes
        .failed(
            delivery.eventId(),
            delivery.tenant(),
            cause,
            delivery.attempts(),
            new OriginalRecord(
                received.location(), received.key(), received.value(), received.headers()))
        .withRegistrySchemaId(delivery.registrySchemaId());
  }

  private Exchange exchangeFor(CampaignDelivery delivery, Object body) {
    Exchange exchange = new DefaultExchange(camel);
    exchange.setProperty(CampaignDelivery.PROPERTY, delivery);
    exchange.getMessage().setBody(body);
    return exchange;
  }

  private static KeyOrder.Key orderKey(CampaignDelivery delivery) {
    ReceivedRecord received = delivery.received();
    return KeyOrder.Key.of(received.topic(), received.partition(), received.key());
  }

  private synchronized ProducerTemplate template() {
    if (template == null) {
      template = camel.createProducerTemplate();
    }
    return template;
  }

  private synchronized AsyncProducer publisher() {
    if (publisher == null) {
      try {
        publisher = camel.getEndpoint(PUBLISH).createAsyncProducer();
        publisher.start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot create the outcome publisher", e);
      }
    }
    return publisher;
  }

  @PreDestroy
  void close() {
    shuttingDown = true;
    timer.shutdownNow();
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

  /** A partition's pending records. */
  private static final class PartitionState {
    private final PartitionProgress<CampaignDelivery> progress = new PartitionProgress<>();
    private volatile boolean revoking;
  }

  /** An account's requests waiting for a call slot, oldest first, and the account's hold. */
  private static final class AccountLine {
    private final AccountBudgets.Account account;
    private final Deque<CampaignDelivery> waiting = new ArrayDeque<>();
    private boolean armed;
    private long heldUntilMs;
    private boolean probing;
    private int calling;
    private boolean answered;
    private long skipSlotFromMs = Long.MAX_VALUE;

    private AccountLine(AccountBudgets.Account account) {
      this.account = account;
    }

    synchronized void add(CampaignDelivery delivery) {
      waiting.add(delivery);
    }

    /** A held request goes first again when the hold ends, ahead of those that came later. */
    synchronized void addFirst(CampaignDelivery delivery) {
      waiting.addFirst(delivery);
    }

    synchronized List<CampaignDelivery> waiters() {
      return List.copyOf(waiting);
    }

    synchronized List<CampaignDelivery> removeIf(Predicate<CampaignDelivery> match) {
      List<CampaignDelivery> removed = new ArrayList<>();
      waiting.removeIf(
          delivery -> {
            boolean remove = match.test(delivery);
            if (remove) {
              removed.add(delivery);
            }
            return remove;
          });
      return removed;
    }

    /**
     * Kore is unavailable for the account: no call before {@code untilMs}, then one call at a time
     * (a probe) until Kore answers again.
     */
    synchronized void hold(long untilMs) {
      heldUntilMs = Math.max(heldUntilMs, untilMs);
      probing = true;
    }

    /** Kore answered a call of the account: ends its hold; true when it was held. */
    synchronized boolean endHold() {
      boolean wasHeld = probing;
      probing = false;
      heldUntilMs = 0;
      return wasHeld;
    }

    synchronized boolean isHeld(long nowMs) {
      return heldUntilMs > nowMs;
    }

    synchronized boolean isProbing() {
      return probing;
    }

    synchronized boolean probeInFlight() {
      return probing && calling > 0;
    }

    synchronized boolean isEmpty() {
      dropAbandoned();
      return waiting.isEmpty();
    }

    synchronized CampaignDelivery peekLive() {
      dropAbandoned();
      return waiting.peek();
    }

    synchronized CampaignDelivery poll() {
      return waiting.poll();
    }

    /**
     * Until the line's first call has ended, one call at a time: a cold service (class loading,
     * first token, first connection) holds calls dispatched in their slots and then sends them
     * together, a burst that spends the next minute's budget at once.
     */
    synchronized boolean mayStartAnother() {
      return answered || calling == 0;
    }

    /**
     * The first call, on a cold service, may have reached Kore long after its slot (seen: 1.4 s),
     * into a minute whose slots are all used; leaving the replica's first slot after its answer
     * unused gives that minute its call back.
     */
    synchronized void callEnded(long nowMs) {
      calling--;
      if (!answered) {
        answered = true;
        skipSlotFromMs = nowMs;
      }
    }

    /** True, once, for the first slot starting at or after the first call's answer. */
    synchronized boolean skips(long slotStartMs) {
      if (slotStartMs < skipSlotFromMs) {
        return false;
      }
      skipSlotFromMs = Long.MAX_VALUE;
      return true;
    }

    private void dropAbandoned() {
      while (!waiting.isEmpty() && waiting.peek().isAbandoned()) {
        waiting.poll();
      }
    }
  }
}
