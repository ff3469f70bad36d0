package io.korebridge.delivery;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.ops.BridgeMetrics;
import io.korebridge.outcome.CampaignCreated;
import io.korebridge.outcome.CampaignOutcome;
import io.korebridge.outcome.SafeText;
import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.CampaignDelivery.State;
import io.korebridge.receive.ReceivedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

/**
 * The delivery engine's state and every decision that changes it, owned by one thread: the {@link
 * DeliveryLoop}'s. Partitions and their watermarks, the per-key order, the accounts' lines and
 * holds, the counters: all are plain fields, read and written on the owner thread only. Work runs
 * elsewhere ({@link DeliveryStages} on worker and call threads, Kafka's acknowledgements on its
 * threads) and comes back as a message in the {@link OwnerMailbox}; timers are the owner's too.
 *
 * <p>Every partition assignment has an epoch. A request carries the epoch it was received under;
 * when that assignment ends (revoked, lost, closed) the request is abandoned, and whatever its work
 * brings back later is dropped: never published, never counted as finished, never committed.
 */
final class DeliveryCore {

  private static final Logger LOG = Logger.getLogger(DeliveryCore.class);
  private static final Duration MAX_KAFKA_BACKOFF = Duration.ofSeconds(30);
  private static final long FENCED_RECHECK_MS = 200;

  /** The engine's bounds and pauses (from {@code campaign.delivery.*} and the shutdown drain). */
  record Settings(
      int inFlight,
      int maxPending,
      long maxPendingBytes,
      long commitIntervalMs,
      long kafkaRetryBackoffMs) {}

  private final Settings settings;
  private final DeliveryStages stages;
  private final KoreCallDecision decision;
  private final BridgeMetrics metrics;
  private final LongSupplier clock;
  private final Executor workers;
  private final Executor callers;
  private final OwnerMailbox mailbox;
  private final DeliveryStages.CallPermit lease;

  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private final KeyOrder<CampaignDelivery> keyOrder = new KeyOrder<>();
  private final Map<String, AccountLine> lines = new HashMap<>();
  private final Set<AccountLine> waitingForCaller = new LinkedHashSet<>();
  private final Map<CampaignDelivery, Throwable> intakeFailures = new IdentityHashMap<>();
  private final AtomicInteger pendingGauge;
  private final AtomicInteger heldGauge;
  private int freeCallers;
  private int pending;
  private long pendingBytes;
  private int held;
  private long epochs;
  private long lastCommitAt;
  private int outstanding;
  private BudgetLanes lanes = BudgetLanes.NONE;
  private boolean stopping;

  /**
   * @param lease whether this replica may call Kore at all right now (the loop's fencing); checked
   *     by call threads together with the request's own epoch
   */
  DeliveryCore(
      Settings settings,
      DeliveryStages stages,
      KoreCallDecision decision,
      BridgeMetrics metrics,
      LongSupplier clock,
      Executor workers,
      Executor callers,
      DeliveryStages.CallPermit lease) {
    this.settings = settings;
    this.stages = stages;
    this.decision = decision;
    this.metrics = metrics;
    this.clock = clock;
    this.workers = workers;
    this.callers = callers;
    this.mailbox = new OwnerMailbox(clock);
    this.lease = lease;
    this.freeCallers = settings.inFlight();
    this.pendingGauge = metrics.pendingRecords();
    this.heldGauge = metrics.heldRequests();
  }

  /** A partition's pending records under one assignment. */
  private static final class PartitionState {
    private final long epoch;
    private final PartitionProgress<CampaignDelivery> progress = new PartitionProgress<>();
    private boolean revoking;
    private long committingEpoch = -1;
    private long lastTaken = -1;

    private PartitionState(long epoch) {
      this.epoch = epoch;
    }
  }

  OwnerMailbox mailbox() {
    return mailbox;
  }

  // ---- the loop's hand-over and partition events (owner thread) ---------------------------

  /** A record the route handed over: registered, started when its key is free. */
  void accept(CampaignDelivery delivery) {
    ReceivedRecord received = delivery.received();
    PartitionState partition = partitions.get(received.topicPartition());
    if (partition == null) {
      // Fetched before its partition was given up; its next owner reads it again.
      return;
    }
    delivery.epoch(partition.epoch);
    partition.progress.taken(received.offset(), delivery);
    partition.lastTaken = received.offset();
    pending++;
    if (partition.progress.wasFinishedBefore(received.offset())) {
      // Its outcome was published before the partition changed hands: not again.
      partition.progress.done(received.offset());
      delivery.moveTo(State.FINISHED);
      updateGauges();
      return;
    }
    pendingBytes += delivery.sizeInBytes();
    updateGauges();
    if (keyOrder.arrive(orderKey(delivery), delivery)) {
      startPreparing(delivery);
    }
  }

  /**
   * A record the route did not hand over (a step before the hand-over failed): it is still the
   * engine's, in its key's order, and ends FAILED ({@code INTERNAL_ERROR}) with its original bytes,
   * so the watermark never steps over a record without an outcome.
   */
  void notHandedOver(ReceivedRecord received, Throwable cause) {
    CampaignDelivery delivery = new CampaignDelivery(received);
    intakeFailures.put(delivery, cause);
    accept(delivery);
  }

  /** Whether the route handed this record over to {@link #accept}. */
  boolean wasHandedOver(TopicPartition partition, long offset) {
    PartitionState state = partitions.get(partition);
    return state == null || state.lastTaken >= offset;
  }

  /** Partitions assigned under a new epoch; {@code finishedAbove} from their committed metadata. */
  void assigned(Collection<TopicPartition> added, Map<TopicPartition, Set<Long>> finishedAbove) {
    for (TopicPartition partition : added) {
      PartitionState state = new PartitionState(++epochs);
      state.progress.finishedBefore(finishedAbove.getOrDefault(partition, Set.of()));
      PartitionState previous = partitions.put(partition, state);
      if (previous != null) {
        forget(partition, previous);
      }
    }
  }

  /** The budget lanes this replica owns now; lines are armed again. */
  void lanes(BudgetLanes owned) {
    this.lanes = owned;
    List.copyOf(lines.values()).forEach(this::arm);
  }

  /** Revoked partitions stop starting work; waiting requests of theirs are abandoned at once. */
  void revoking(Collection<TopicPartition> revoked) {
    for (TopicPartition partition : revoked) {
      PartitionState state = partitions.get(partition);
      if (state != null) {
        state.revoking = true;
        for (CampaignDelivery delivery : state.progress.unfinished()) {
          if (!delivery.isBusy()) {
            abandon(delivery);
          }
        }
      }
    }
  }

  /** Requests of these partitions whose work runs on another thread now. */
  int busy(Collection<TopicPartition> of) {
    int busy = 0;
    for (TopicPartition partition : of) {
      PartitionState state = partitions.get(partition);
      if (state != null) {
        busy += (int) state.progress.unfinished().stream().filter(CampaignDelivery::isBusy).count();
      }
    }
    return busy;
  }

  /** What to commit for {@code of} before giving them up: their finished prefix. */
  Map<TopicPartition, OffsetAndMetadata> finalCommit(Collection<TopicPartition> of) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : of) {
      PartitionState state = partitions.get(partition);
      if (state != null) {
        state.progress.commitFailed(); // supersedes any commit still under way
        state.progress.toCommit().ifPresent(commit -> offsets.put(partition, metadata(commit)));
      }
    }
    return offsets;
  }

  /** The assignment of these partitions ended here (revoked, lost or closed): forget them. */
  void forget(Collection<TopicPartition> gone) {
    for (TopicPartition partition : gone) {
      PartitionState state = partitions.remove(partition);
      if (state != null) {
        forget(partition, state);
      }
    }
  }

  private void forget(TopicPartition partition, PartitionState state) {
    for (CampaignDelivery delivery : state.progress.unfinished()) {
      intakeFailures.remove(delivery);
      abandon(delivery);
      pendingBytes -= delivery.sizeInBytes();
    }
    pending -= state.progress.size();
    keyOrder.forget(partition.topic(), partition.partition());
    updateGauges();
  }

  /** The partitions this core holds state for. */
  Set<TopicPartition> partitions() {
    return Set.copyOf(partitions.keySet());
  }

  /** From now on nothing new starts: waiting requests are abandoned, never called. */
  void stop() {
    stopping = true;
    for (PartitionState state : partitions.values()) {
      for (CampaignDelivery delivery : state.progress.unfinished()) {
        if (!delivery.isBusy()) {
          abandon(delivery);
        }
      }
    }
  }

  // ---- commits and pauses (owner thread) --------------------------------------------------

  /** What to commit now, at most once per commit interval; each partition's finished prefix. */
  Map<TopicPartition, OffsetAndMetadata> toCommit() {
    long now = clock.getAsLong();
    if (now - lastCommitAt < settings.commitIntervalMs()) {
      return Map.of();
    }
    lastCommitAt = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    partitions.forEach(
        (partition, state) ->
            state
                .progress
                .toCommit()
                .ifPresent(
                    commit -> {
                      state.committingEpoch = state.epoch;
                      offsets.put(partition, metadata(commit));
                    }));
    return offsets;
  }

  /**
   * Kafka answered a commit of {@code offsets} ({@code failure} null on success), or it could not
   * be sent. Only the assignment that sent it may count it.
   */
  void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Throwable failure) {
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
      PartitionState state = partitions.get(entry.getKey());
      if (state == null || state.committingEpoch != state.epoch) {
        continue;
      }
      if (failure == null) {
        pending -= state.progress.committed(entry.getValue().offset());
      } else {
        state.progress.commitFailed();
      }
    }
    updateGauges();
    if (failure != null) {
      LOG.warnf("Committing %s failed, will try again: %s", offsets, failure.toString());
    }
  }

  boolean mustPause() {
    // Held requests do not pause: they stay pending, so only the pending mark bounds them.
    return stopping
        || pending >= settings.maxPending()
        || pendingBytes >= settings.maxPendingBytes();
  }

  boolean mayResume() {
    return !stopping
        && pending <= settings.maxPending() * 3L / 4
        && pendingBytes <= settings.maxPendingBytes() * 3 / 4;
  }

  String pauseReason() {
    return "held="
        + held
        + " pending="
        + pending
        + " bytes="
        + pendingBytes
        + " stopping="
        + stopping;
  }

  int held() {
    return held;
  }

  /** Work handed to other threads whose answer has not come back yet. */
  int outstanding() {
    return outstanding;
  }

  /** Posts the answer of work that ran off the owner thread; counted until it runs. */
  private void answer(Runnable message) {
    mailbox.post(
        () -> {
          outstanding--;
          message.run();
        });
  }

  // ---- a request's way (owner thread; work handed to workers and call threads) -------------

  private void startPreparing(CampaignDelivery delivery) {
    Throwable intakeFailure = intakeFailures.remove(delivery);
    if (!mayGoOn(delivery)) {
      return;
    }
    if (intakeFailure != null) {
      publish(delivery, stages.failed(delivery, intakeFailure));
      return;
    }
    delivery.moveTo(State.PREPARING);
    offWorker(delivery, workers, () -> stages.prepare(delivery), this::prepared);
  }

  private void prepared(CampaignDelivery delivery, DeliveryStages.Prepared prepared) {
    if (prepared instanceof DeliveryStages.Prepared.LedgerUnavailable unavailable) {
      // The ledger cannot answer: Kafka's fault, not the request's. Held (it stays pending) and
      // tried again later, never failed.
      if (hold(delivery)) {
        LOG.warnf(
            "eventId=%s is held until the ledger answers: %s",
            SafeText.forLog(delivery.eventId()), unavailable.cause());
      }
      later(delivery, Duration.ofMillis(settings.kafkaRetryBackoffMs()), this::startPreparing);
      return;
    }
    release(delivery);
    if (prepared instanceof DeliveryStages.Prepared.Publish publish) {
      publish(delivery, publish.outcome());
    } else if (prepared instanceof DeliveryStages.Prepared.ReadyToCall ready) {
      queueForCall(delivery, ready.account());
    }
  }

  private void queueForCall(CampaignDelivery delivery, AccountBudgets.Account account) {
    if (!mayGoOn(delivery)) {
      return;
    }
    AccountLine line = lines.computeIfAbsent(account.key(), key -> new AccountLine(account));
    delivery.waitsForCallSlot(now());
    delivery.moveTo(State.WAITING_FOR_SLOT);
    line.add(delivery);
    if (line.isProbing()) {
      hold(delivery); // its account is held: it waits, and its give-up clock runs
    }
    arm(line);
  }

  private void requeue(CampaignDelivery delivery) {
    AccountBudgets.Account account;
    try {
      account = stages.account(delivery);
    } catch (RuntimeException unknown) {
      publish(delivery, stages.failed(delivery, unknown));
      return;
    }
    queueForCall(delivery, account);
  }

  /** Makes sure the line fires at its next usable slot while it has requests waiting. */
  private void arm(AccountLine line) {
    if (line.armed || line.isEmpty() || line.probeInFlight()) {
      return; // a probe in flight arms the line again when its call ends
    }
    long now = clock.getAsLong();
    if (line.isHeld(now)) {
      line.armed = true;
      mailbox.schedule(line.heldUntilMs() - now, () -> holdEnded(line));
      return;
    }
    if (!line.account.limited()) {
      line.armed = true;
      mailbox.schedule(0, () -> fire(line, -1));
      return;
    }
    OptionalLong slot = line.account.budget().reserve(now, lanes);
    if (slot.isEmpty()) {
      return; // no lane owned right now; armed again on the next assignment
    }
    line.armed = true;
    long at = slot.getAsLong();
    mailbox.schedule(line.account.budget().startMs(at) - now, () -> fire(line, at));
  }

  /** A slot of the account has come: the first waiting request calls Kore, if a caller is free. */
  private void fire(AccountLine line, long slot) {
    line.armed = false;
    CampaignDelivery next = line.peekLive();
    if (next == null) {
      return;
    }
    if (stopping) {
      // Stopping: nothing new is called; the request is read again after the restart.
      line.poll();
      abandon(next);
      arm(line);
      return;
    }
    long now = clock.getAsLong();
    if (!lease.mayCall()) {
      // Fenced (the member may have lost the group): nothing leaves until the lease is back.
      line.armed = true;
      mailbox.schedule(
          FENCED_RECHECK_MS,
          () -> {
            line.armed = false;
            arm(line);
          });
      return;
    }
    AccountCallBudget budget = line.account.budget();
    boolean usable =
        !line.isHeld(now)
            && !line.probeInFlight()
            && (slot < 0
                || (line.mayStartAnother()
                    && budget.stillUsable(slot, now, lanes)
                    && !line.skips(budget.startMs(slot))));
    if (usable) {
      if (freeCallers == 0) {
        waitingForCaller.add(line);
        return;
      }
      line.poll();
      line.callStarted();
      freeCallers--;
      call(line, next);
    }
    arm(line);
  }

  private void call(AccountLine line, CampaignDelivery delivery) {
    delivery.moveTo(State.CALLING);
    long epoch = delivery.epoch();
    DeliveryStages.CallPermit permit =
        () -> !delivery.isAbandoned() && delivery.epoch() == epoch && lease.mayCall();
    Runnable task =
        () -> {
          DeliveryStages.Called called;
          try {
            called = stages.call(delivery, permit);
          } catch (RuntimeException | Error unexpected) {
            // A defect of ours, not Kore's answer: the request's INTERNAL_ERROR outcome.
            called = new DeliveryStages.Called.Decided(new KoreCallVerdict.Fail(unexpected));
          }
          DeliveryStages.Called result = called;
          answer(() -> callEnded(line, delivery, result));
        };
    outstanding++;
    try {
      callers.execute(task);
    } catch (RejectedExecutionException stopped) {
      outstanding--;
      callEnded(line, delivery, new DeliveryStages.Called.NotSent());
    }
  }

  private void callEnded(
      AccountLine line, CampaignDelivery delivery, DeliveryStages.Called called) {
    line.callEnded(clock.getAsLong());
    freeCallers++;
    KoreCallVerdict verdict =
        called instanceof DeliveryStages.Called.Decided decided ? decided.verdict() : null;
    accountAnswered(line, verdict);
    wakeLinesWaitingForCaller();
    arm(line);
    if (delivery.isAbandoned()) {
      // An ended epoch's answer: a campaign Kore created is still recorded, nothing is published.
      if (verdict instanceof KoreCallVerdict.Created created) {
        rememberAndPublish(delivery, stages.created(delivery, created));
      }
      return;
    }
    step(delivery, () -> act(delivery, called));
  }

  private void act(CampaignDelivery delivery, DeliveryStages.Called called) {
    if (called instanceof DeliveryStages.Called.Publish publish) {
      release(delivery);
      publish(delivery, publish.outcome());
    } else if (called instanceof DeliveryStages.Called.Requeue) {
      requeue(delivery);
    } else if (called instanceof DeliveryStages.Called.NotSent) {
      requeue(delivery);
    } else if (called instanceof DeliveryStages.Called.LedgerWait wait) {
      LOG.warnf(
          "eventId=%s waits for the ledger before its Kore call: %s",
          SafeText.forLog(delivery.eventId()), wait.cause());
      later(delivery, Duration.ofMillis(settings.kafkaRetryBackoffMs()), this::requeue);
    } else if (called instanceof DeliveryStages.Called.Decided decided) {
      act(delivery, decided.verdict());
    }
  }

  private void act(CampaignDelivery delivery, KoreCallVerdict verdict) {
    if (verdict instanceof KoreCallVerdict.Created created) {
      release(delivery);
      rememberAndPublish(delivery, stages.created(delivery, created));
    } else if (verdict instanceof KoreCallVerdict.CallAgain again) {
      metrics.koreRetry(delivery.tenant(), again.reason());
      AccountBudgets.Account account = stages.account(delivery);
      again
          .accountPause()
          .ifPresent(
              pause -> {
                if (account.limited()) {
                  account.budget().pushBack(clock.getAsLong() + pause.toMillis());
                  metrics.koreBudgetPushedBack(delivery.tenant());
                }
              });
      LOG.warnf(
          "Kore call %d for eventId=%s failed (%s); next attempt in %d ms",
          delivery.attempts(),
          SafeText.forLog(delivery.eventId()),
          again.reason(),
          again.delay().toMillis());
      later(delivery, again.delay(), d -> queueForCall(d, account));
    } else if (verdict instanceof KoreCallVerdict.RenewTokenAndCallAgain) {
      stages.renewToken(delivery.tenant());
      delivery.tokenRenewed();
      requeue(delivery);
    } else if (verdict instanceof KoreCallVerdict.Hold hold) {
      LOG.warnf(
          "Kore unavailable: eventId=%s and its account's other requests are held, tried again"
              + " every %d ms; other accounts go on",
          SafeText.forLog(delivery.eventId()), hold.pause().toMillis());
      holdInLine(delivery, stages.account(delivery));
    } else if (verdict instanceof KoreCallVerdict.Fail fail) {
      release(delivery);
      publish(delivery, stages.failed(delivery, fail.cause()));
    }
  }

  /**
   * Kore is unavailable for the request's account after its in-line retries: the request goes back
   * to the front of the account's line, which {@link #accountAnswered} has held, and every request
   * in that line counts as held. Other accounts' lines are untouched.
   */
  private void holdInLine(CampaignDelivery delivery, AccountBudgets.Account account) {
    hold(delivery);
    if (!mayGoOn(delivery)) {
      return;
    }
    AccountLine line = lines.computeIfAbsent(account.key(), key -> new AccountLine(account));
    delivery.moveTo(State.WAITING_FOR_SLOT);
    line.addFirst(delivery);
    line.waiters().forEach(this::hold);
    arm(line);
  }

  /**
   * Keeps the line's hold in step with the call that just ended: a hold verdict holds the whole
   * account for the pause; an answer from Kore ends its hold.
   */
  private void accountAnswered(AccountLine line, KoreCallVerdict verdict) {
    if (verdict instanceof KoreCallVerdict.Hold hold) {
      line.hold(clock.getAsLong() + hold.pause().toMillis());
    } else if (verdict != null && KoreCallDecision.accountAnswers(verdict) && line.endHold()) {
      line.waiters().forEach(this::release);
      LOG.infof("Kore account %s answers again: its held requests are called", line.account.key());
    }
  }

  /** The line's hold pause has passed: requests held too long fail, the next one probes Kore. */
  private void holdEnded(AccountLine line) {
    line.armed = false;
    Instant now = now();
    List<CampaignDelivery> gaveUp =
        line.removeIf(
            delivery ->
                delivery.heldSince() != null && decision.heldTooLong(delivery.heldSince(), now));
    for (CampaignDelivery delivery : gaveUp) {
      Instant since = delivery.heldSince();
      Duration heldFor = since == null ? Duration.ZERO : Duration.between(since, now);
      release(delivery);
      publish(
          delivery,
          stages.failed(
              delivery,
              new CampaignFailedException(
                  FailureReason.KORE_UNAVAILABLE,
                  "Kore account "
                      + line.account.key()
                      + " was unavailable for the "
                      + heldFor.toMillis()
                      + " ms this request was held (kore.outage.give-up-after-ms)")));
    }
    arm(line);
  }

  private void wakeLinesWaitingForCaller() {
    for (AccountLine line : List.copyOf(waitingForCaller)) {
      if (freeCallers == 0) {
        return;
      }
      waitingForCaller.remove(line);
      arm(line);
    }
  }

  // ---- recording and publishing -----------------------------------------------------------

  /** Records the campaign in the ledger, then publishes; the commit waits for both acks. */
  private void rememberAndPublish(CampaignDelivery delivery, CampaignCreated outcome) {
    delivery.moveTo(State.RECORDING);
    whenAcknowledged(
        () -> stages.remember(outcome),
        failure -> step(delivery, () -> recorded(delivery, outcome, failure)));
  }

  /**
   * Runs {@code send} on a worker (serialising an outcome is no work for the owner) and brings
   * Kafka's acknowledgement, or the failure, back to the owner.
   */
  private void whenAcknowledged(
      java.util.function.Supplier<CompletionStage<?>> send,
      java.util.function.Consumer<Throwable> then) {
    outstanding++;
    Runnable task =
        () -> {
          CompletionStage<?> acknowledged;
          try {
            acknowledged = send.get();
          } catch (RuntimeException | Error e) {
            acknowledged = java.util.concurrent.CompletableFuture.failedFuture(e);
          }
          acknowledged.whenComplete((done, failure) -> answer(() -> then.accept(unwrap(failure))));
        };
    try {
      workers.execute(task);
    } catch (RejectedExecutionException stopped) {
      outstanding--;
      then.accept(stopped);
    }
  }

  private void recorded(CampaignDelivery delivery, CampaignCreated outcome, Throwable failure) {
    if (failure != null) {
      // Kore has created the campaign, so recording it goes on even while its partition moves.
      LOG.warnf(
          "Recording campaign of eventId=%s failed, trying again: %s",
          SafeText.forLog(delivery.eventId()), failure.toString());
      mailbox.schedule(
          settings.kafkaRetryBackoffMs(),
          () -> step(delivery, () -> rememberAndPublish(delivery, outcome)));
    } else if (!delivery.isAbandoned()) {
      // Recorded; an abandoned one is answered from the ledger by its partition's next owner.
      publish(delivery, outcome);
    }
  }

  private void publish(CampaignDelivery delivery, CampaignOutcome outcome) {
    publish(delivery, outcome, false, Duration.ofMillis(settings.kafkaRetryBackoffMs()));
  }

  private void publish(
      CampaignDelivery delivery, CampaignOutcome outcome, boolean minimal, Duration backoff) {
    if (delivery.isAbandoned()) {
      return; // an ended epoch's outcome is never published
    }
    delivery.moveTo(State.PUBLISHING);
    whenAcknowledged(
        () -> stages.publish(delivery, outcome),
        failure -> step(delivery, () -> published(delivery, outcome, failure, minimal, backoff)));
  }

  private void published(
      CampaignDelivery delivery,
      CampaignOutcome outcome,
      Throwable failure,
      boolean minimal,
      Duration backoff) {
    if (failure == null) {
      finished(delivery);
      return;
    }
    if (delivery.isAbandoned()) {
      return;
    }
    if (!minimal && isTheOutcomesFault(failure)) {
      LOG.warnf(
          "The outcome of eventId=%s could not be published (%s); publishing a minimal one",
          SafeText.forLog(delivery.eventId()), failure.toString());
      publish(delivery, stages.minimal(delivery, outcome, failure), true, backoff);
      return;
    }
    LOG.warnf(
        "Publishing the outcome of eventId=%s failed, trying again in %d ms: %s",
        SafeText.forLog(delivery.eventId()), backoff.toMillis(), failure.toString());
    Duration longer =
        backoff.multipliedBy(2).compareTo(MAX_KAFKA_BACKOFF) > 0
            ? MAX_KAFKA_BACKOFF
            : backoff.multipliedBy(2);
    mailbox.schedule(
        backoff.toMillis(),
        () -> step(delivery, () -> publish(delivery, outcome, minimal, longer)));
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  static boolean isTheOutcomesFault(Throwable failure) {
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
    if (delivery.isAbandoned()) {
      return;
    }
    ReceivedRecord received = delivery.received();
    PartitionState state = partitions.get(received.topicPartition());
    if (state == null || state.epoch != delivery.epoch()) {
      return;
    }
    state.progress.done(received.offset());
    pendingBytes -= delivery.sizeInBytes();
    delivery.moveTo(State.FINISHED);
    updateGauges();
    CampaignDelivery next = keyOrder.finished(orderKey(delivery));
    if (next != null && !next.isAbandoned()) {
      startPreparing(next);
    }
  }

  // ---- waiting and the steps' guard ---------------------------------------------------------

  private interface Step {
    void run(CampaignDelivery delivery);
  }

  /** Runs {@code next} after {@code delay} on the owner thread; the request holds no thread. */
  private void later(CampaignDelivery delivery, Duration delay, Step next) {
    if (!mayGoOn(delivery)) {
      return;
    }
    delivery.moveTo(State.WAITING);
    mailbox.schedule(
        delay.toMillis(),
        () -> {
          if (!delivery.isAbandoned()) {
            step(delivery, () -> next.run(delivery));
          }
        });
  }

  /** Runs {@code work} on {@code pool}; its answer (or what it threw) comes back to the owner. */
  private <T> void offWorker(
      CampaignDelivery delivery,
      Executor pool,
      java.util.function.Supplier<T> work,
      java.util.function.BiConsumer<CampaignDelivery, T> then) {
    outstanding++;
    try {
      pool.execute(
          () -> {
            T result;
            try {
              result = work.get();
            } catch (RuntimeException | Error unexpected) {
              answer(
                  () ->
                      step(
                          delivery,
                          () -> {
                            throw unexpected;
                          }));
              return;
            }
            answer(
                () -> {
                  if (!delivery.isAbandoned()) {
                    step(delivery, () -> then.accept(delivery, result));
                  }
                });
          });
    } catch (RejectedExecutionException stopped) {
      outstanding--;
      abandon(delivery);
    }
  }

  /** False (and the request abandoned) when its partition is being given up or we stop. */
  private boolean mayGoOn(CampaignDelivery delivery) {
    PartitionState state = partitions.get(delivery.received().topicPartition());
    if (state == null
        || state.epoch != delivery.epoch()
        || state.revoking
        || stopping
        || delivery.isAbandoned()) {
      abandon(delivery);
      return false;
    }
    return true;
  }

  /**
   * Runs one step of a request: whatever it throws ends as that request's INTERNAL_ERROR outcome,
   * so no record stays busy or pending for ever because of a defect.
   */
  private void step(CampaignDelivery delivery, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error unexpected) {
      if (delivery.isAbandoned()) {
        return;
      }
      LOG.errorf(
          unexpected,
          "Unexpected failure delivering eventId=%s; it ends FAILED (INTERNAL_ERROR)",
          SafeText.forLog(delivery.eventId()));
      try {
        release(delivery);
        publish(delivery, stages.failed(delivery, unexpected));
      } catch (RuntimeException | Error again) {
        // Not even a FAILED outcome: the record stays pending (never committed past), not busy.
        LOG.errorf(
            again,
            "No outcome for eventId=%s; it is read again",
            SafeText.forLog(delivery.eventId()));
        delivery.moveTo(State.WAITING);
      }
    }
  }

  private void abandon(CampaignDelivery delivery) {
    if (delivery.release()) {
      held--;
    }
    delivery.abandon();
    updateGauges();
  }

  private boolean hold(CampaignDelivery delivery) {
    boolean first = delivery.hold(now());
    if (first) {
      held++;
      updateGauges();
    }
    return first;
  }

  private void release(CampaignDelivery delivery) {
    if (delivery.release()) {
      held--;
      updateGauges();
    }
  }

  private void updateGauges() {
    pendingGauge.set(pending);
    heldGauge.set(held);
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.getAsLong());
  }

  private static OffsetAndMetadata metadata(PartitionProgress.Commit commit) {
    return new OffsetAndMetadata(
        commit.offset(), FinishedAbove.encode(commit.offset(), commit.finishedAbove()));
  }

  private static KeyOrder.Key orderKey(CampaignDelivery delivery) {
    ReceivedRecord received = delivery.received();
    return KeyOrder.Key.of(received.topic(), received.partition(), received.key());
  }

  /** A snapshot for tests and the readiness check: what is pending, held, busy, waiting. */
  record Counts(int pending, long pendingBytes, int held, int busy, int freeCallers, int lines) {}

  Counts counts() {
    return new Counts(
        pending, pendingBytes, held, busy(partitions.keySet()), freeCallers, lines.size());
  }
}
