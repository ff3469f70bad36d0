package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.contract.FailureReason;
import io.korebridge.kore.KoreCampaignCreated;
import io.korebridge.kore.KoreRetryPolicy;
import io.korebridge.kore.KoreTenants;
import io.korebridge.ops.BridgeMetrics;
import io.korebridge.outcome.CampaignCreated;
import io.korebridge.outcome.CampaignFailed;
import io.korebridge.outcome.CampaignOutcome;
import io.korebridge.outcome.OriginalRecord;
import io.korebridge.outcome.Outcomes;
import io.korebridge.receive.CampaignDelivery;
import io.korebridge.testsupport.KoreTestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery core and its owner loop against Kafka's MockConsumer, with fake stages, a clock the
 * test moves and executors the test runs: no broker, no Camel, no threads, deterministic. After
 * each scenario every counter is back to zero and the committed offset is exactly the finished
 * prefix.
 */
class DeliveryCoreTest {

  private static final String TOPIC = "campaign-requests";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final int IN_FLIGHT = 4;
  private static final long SESSION_TIMEOUT_MS = 8_000;

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ManualExecutor workers = new ManualExecutor();
  private final ManualExecutor callers = new ManualExecutor();
  private final FakeStages stages = new FakeStages();
  private ScriptedConsumer consumer = new ScriptedConsumer();
  private final KoreTenants tenants =
      new KoreTenants(
          KoreTestConfig.kore(KoreTestConfig.defaultTenant("core-test-secret-0123456789abcdef")));
  private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry(), tenants);
  private DeliveryLease lease;
  private DeliveryCore core;
  private DeliveryLoop loop;
  private final List<Long> notHandedOver = new ArrayList<>();
  private int maxPending = 100;

  @BeforeEach
  void start() {
    build();
  }

  private void build() {
    lease = new DeliveryLease(now::get, SESSION_TIMEOUT_MS / 2);
    KoreCallDecision decision =
        new KoreCallDecision(
            new KoreRetryPolicy(
                3,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                Duration.ofMinutes(5),
                () -> 0.5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(15),
            Duration.ofSeconds(10));
    core =
        new DeliveryCore(
            new DeliveryCore.Settings(IN_FLIGHT, maxPending, 64L << 20, 0, 1_000),
            stages,
            decision,
            metrics,
            now::get,
            workers,
            callers,
            lease);
    loop =
        new DeliveryLoop(
            consumer,
            core,
            record -> {
              if (stages.intakeFailsAt.contains(record.offset())) {
                notHandedOver.add(record.offset());
                throw new IllegalStateException("receive-request failed");
              }
              core.accept(new CampaignDelivery(DeliveryLoop.received(record)));
            },
            new DeliveryLoop.Settings(List.of(TOPIC), 0, SESSION_TIMEOUT_MS, 0, 0),
            now::get,
            lease);
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    loop.open();
    consumer.rebalance(List.of(P0));
  }

  // ---- scenarios --------------------------------------------------------------------------

  @Test
  void every_record_ends_in_one_outcome_and_the_whole_partition_is_committed() {
    send(0, 1, 2, 3, 4);

    settle();

    assertThat(stages.publishedOffsets()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(stages.koreCalls).isEqualTo(5);
    assertQuiet();
    assertThat(committed()).isEqualTo(5);
  }

  @Test
  void nothing_is_committed_past_a_record_still_waiting_for_its_retry() {
    stages.answer(
        2,
        new KoreCallVerdict.CallAgain(
            Duration.ofSeconds(10), "HTTP_503", java.util.Optional.empty()));
    send(0, 1, 2, 3, 4);

    settle();

    assertThat(stages.publishedOffsets()).containsExactlyInAnyOrder(0L, 1L, 3L, 4L);
    assertThat(committed()).as("the finished prefix only").isEqualTo(2);

    pass(10_000);
    settle();

    assertThat(stages.publishedOffsets()).contains(2L);
    assertQuiet();
    assertThat(committed()).isEqualTo(5);
  }

  @Test
  void a_call_answering_after_its_partition_was_revoked_is_recorded_never_published() {
    send(0, 1);
    turns(3);
    workers.runAll(); // prepared
    turns(2);
    assertThat(callers.queued()).as("both calls handed to call threads").isEqualTo(2);
    callers.runAll(); // both reach Kore; their answers wait in the owner's mailbox

    consumer.rebalance(List.of()); // revoked while calling; the drain bound (0 ms) passes
    settle(); // the late answers: created

    assertThat(stages.published).isEmpty();
    assertThat(stages.remembered).as("Kore created them: the ledger still learns it").hasSize(2);
    assertQuiet();
    assertThat(committed()).as("nothing of it finished here").isZero();
  }

  @Test
  void a_revoked_hold_leaves_no_held_request_and_publishes_nothing_later() {
    stages.answer(0, new KoreCallVerdict.Hold(Duration.ofSeconds(30)));
    send(0);
    settle();
    assertThat(core.held()).isEqualTo(1);
    assertThat(metrics.heldRequests().get()).isEqualTo(1);

    consumer.rebalance(List.of());
    pass(60_000);
    settle();

    assertThat(stages.published).isEmpty();
    assertThat(core.held()).isZero();
    assertThat(metrics.heldRequests().get()).isZero();
    assertQuiet();
  }

  @Test
  void an_old_assignments_late_acknowledgement_does_not_finish_the_new_assignments_record() {
    stages.holdPublishes = true;
    send(0);
    settle();
    assertThat(stages.pendingPublishes).hasSize(1);

    consumer.rebalance(List.of()); // away ...
    consumer.rebalance(List.of(P0)); // ... and back: a new epoch reads offset 0 again
    consumer.seek(P0, 0);
    send(0);
    settle();
    assertThat(stages.pendingPublishes).hasSize(2);

    stages.pendingPublishes.get(0).complete(null); // the old epoch's ack
    settle();
    assertThat(committed()).as("the old ack finished nothing").isZero();

    stages.pendingPublishes.get(1).complete(null);
    settle();
    assertThat(committed()).isEqualTo(1);
    assertQuiet();
  }

  @Test
  void a_commit_that_throws_or_fails_is_sent_again_and_counts_only_once_acknowledged() {
    send(0, 1);
    consumer.commitThrows = 1;
    consumer.commitFailsInCallback = 1;
    settle();

    assertThat(consumer.commitAttempts).isGreaterThanOrEqualTo(3);
    assertQuiet();
    assertThat(committed()).isEqualTo(2);
  }

  @Test
  void a_stage_that_throws_ends_its_request_failed_with_internal_error_and_frees_its_key() {
    stages.prepareThrowsAt.add(0L);
    stages.callThrowsAt.add(1L);
    send(0, 1, 2);

    settle();

    assertThat(stages.reasonOf(0)).isEqualTo(FailureReason.INTERNAL_ERROR);
    assertThat(stages.reasonOf(1)).isEqualTo(FailureReason.INTERNAL_ERROR);
    assertThat(stages.published.get(2L)).isInstanceOf(CampaignCreated.class);
    assertQuiet();
    assertThat(committed()).isEqualTo(3);
  }

  @Test
  void a_record_the_route_did_not_hand_over_ends_failed_with_its_bytes_and_is_committed_past() {
    stages.intakeFailsAt.add(1L);
    send(0, 1, 2);

    settle();

    assertThat(notHandedOver).containsExactly(1L);
    CampaignFailed failed = (CampaignFailed) stages.published.get(1L);
    assertThat(failed.reason()).isEqualTo(FailureReason.INTERNAL_ERROR);
    assertThat(failed.originalEvent()).isEqualTo("event-1");
    assertQuiet();
    assertThat(committed()).isEqualTo(3);
  }

  @Test
  void consumption_pauses_at_the_pending_mark_and_resumes_below_it() {
    maxPending = 2;
    consumer = new ScriptedConsumer();
    build();
    stages.holdPublishes = true;
    send(0, 1, 2, 3);

    settle();
    assertThat(consumer.paused()).containsExactly(P0);

    stages.pendingPublishes.forEach(ack -> ack.complete(null));
    settle();
    settle();
    assertThat(consumer.paused()).isEmpty();
  }

  @Test
  void a_call_that_wakes_after_the_member_froze_past_its_session_is_not_sent() {
    send(0);
    turns(3);
    workers.runAll();
    turns(2);
    assertThat(callers.queued()).isEqualTo(1);

    now.addAndGet(SESSION_TIMEOUT_MS + 1); // the whole process was frozen
    callers.runAll(); // the call thread wakes first

    assertThat(stages.koreCalls).as("no call after the lease lapsed").isZero();
    turns(1); // the loop wakes: the work is dropped and read again from the last commit
    assertThat(lease.mayCall()).as("closed until the group confirms").isFalse();
    send(0);

    pass(SESSION_TIMEOUT_MS + 1_000); // no loss reported within a session: the lease is back
    settle();
    assertThat(stages.koreCalls).isEqualTo(1);
    assertThat(stages.publishedOffsets()).containsExactly(0L);
    assertQuiet();
    assertThat(committed()).isEqualTo(1);
  }

  // ---- harness ----------------------------------------------------------------------------

  private void send(long... offsets) {
    for (long offset : offsets) {
      consumer.addRecord(
          new ConsumerRecord<>(
              TOPIC,
              0,
              offset,
              ("key-" + offset).getBytes(StandardCharsets.UTF_8),
              ("event-" + offset).getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Lets {@code ms} pass as a running loop sees it: a turn every half second. */
  private void pass(long ms) {
    for (long passed = 0; passed < ms; passed += 500) {
      now.addAndGet(500);
      loop.turn();
    }
  }

  private void turns(int count) {
    for (int i = 0; i < count; i++) {
      loop.turn();
    }
  }

  /** Turns the loop and runs every handed-off task until nothing moves any more. */
  private void settle() {
    int quiet = 0;
    for (int round = 0; round < 500 && quiet < 3; round++) {
      loop.turn();
      int ran = workers.runAll() + callers.runAll();
      boolean idle =
          ran == 0
              && core.outstanding() == 0
              && core.mailbox().queuedMessages() == 0
              && core.mailbox().nextDueInMs() > 0;
      quiet = idle ? quiet + 1 : 0;
    }
  }

  private void assertQuiet() {
    DeliveryCore.Counts counts = core.counts();
    assertThat(counts.busy()).as("busy").isZero();
    assertThat(counts.held()).as("held").isZero();
    assertThat(counts.freeCallers()).as("free call threads").isEqualTo(IN_FLIGHT);
    assertThat(core.outstanding()).as("work out").isZero();
    assertThat(metrics.heldRequests().get()).as("held gauge").isZero();
    if (!core.partitions().isEmpty()) {
      assertThat(counts.pending()).as("pending").isZero();
      assertThat(counts.pendingBytes()).as("pending bytes").isZero();
    }
  }

  private long committed() {
    OffsetAndMetadata commit = consumer.committed(Set.of(P0)).get(P0);
    return commit == null ? 0 : commit.offset();
  }

  /** Runs queued tasks when the test says so, on the test's thread. */
  private static final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int queued() {
      return tasks.size();
    }

    int runAll() {
      int ran = 0;
      for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
        task.run();
        ran++;
      }
      return ran;
    }
  }

  /** A MockConsumer whose commits can be told to throw or to fail in their callback. */
  private static final class ScriptedConsumer extends MockConsumer<byte[], byte[]> {
    int commitThrows;
    int commitFailsInCallback;
    int commitAttempts;

    ScriptedConsumer() {
      super("earliest");
    }

    @Override
    public synchronized void commitAsync(
        Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
      commitAttempts++;
      if (commitThrows > 0) {
        commitThrows--;
        throw new KafkaException("commit could not be sent");
      }
      if (commitFailsInCallback > 0) {
        commitFailsInCallback--;
        callback.onComplete(offsets, new KafkaException("commit failed"));
        return;
      }
      super.commitAsync(offsets, callback);
    }
  }

  /** Stages that answer as told, and remember what reached Kore and Kafka. */
  private final class FakeStages implements DeliveryStages {
    final Map<Long, KoreCallVerdict> firstAnswers = new HashMap<>();
    final List<Long> prepareThrowsAt = new ArrayList<>();
    final List<Long> callThrowsAt = new ArrayList<>();
    final List<Long> intakeFailsAt = new ArrayList<>();
    final Map<Long, CampaignOutcome> published = new java.util.LinkedHashMap<>();
    final List<CampaignCreated> remembered = new ArrayList<>();
    final List<CompletableFuture<Void>> pendingPublishes = new ArrayList<>();
    boolean holdPublishes;
    int koreCalls;
    private final Outcomes outcomes = new Outcomes(Clock.systemUTC(), 1 << 20, 3L << 20);
    private final AccountBudgets.Account account = new AccountBudgets.Account("acct", null);

    void answer(long offset, KoreCallVerdict verdict) {
      firstAnswers.put(offset, verdict);
    }

    List<Long> publishedOffsets() {
      return List.copyOf(published.keySet());
    }

    FailureReason reasonOf(long offset) {
      return ((CampaignFailed) published.get(offset)).reason();
    }

    @Override
    public Prepared prepare(CampaignDelivery delivery) {
      long offset = delivery.received().offset();
      delivery.identify("e-" + offset, "default");
      if (prepareThrowsAt.contains(offset)) {
        throw new IllegalStateException("a defect in preparing");
      }
      return new Prepared.ReadyToCall(account);
    }

    @Override
    public Called call(CampaignDelivery delivery, CallPermit mayCall) {
      long offset = delivery.received().offset();
      if (callThrowsAt.contains(offset)) {
        throw new IllegalStateException("a defect in calling");
      }
      if (!mayCall.mayCall()) {
        return new Called.NotSent();
      }
      koreCalls++;
      delivery.callStarted(java.time.Instant.ofEpochMilli(now.get()));
      KoreCallVerdict first = firstAnswers.remove(offset);
      if (first != null) {
        return new Called.Decided(first);
      }
      return new Called.Decided(
          new KoreCallVerdict.Created(
              new KoreCampaignCreated("c-" + offset, "campaign " + offset, null, null, null),
              false));
    }

    @Override
    public CompletionStage<?> remember(CampaignCreated outcome) {
      remembered.add(outcome);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> publish(CampaignDelivery delivery, CampaignOutcome outcome) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      ack.thenRun(() -> published.put(delivery.received().offset(), outcome));
      if (holdPublishes) {
        pendingPublishes.add(ack);
      } else {
        ack.complete(null);
      }
      return ack;
    }

    @Override
    public CampaignOutcome failed(CampaignDelivery delivery, Throwable cause) {
      return outcomes.failed(
          delivery.eventId(),
          delivery.tenant(),
          cause,
          delivery.attempts(),
          new OriginalRecord(
              delivery.received().location(),
              delivery.received().key(),
              delivery.received().value(),
              delivery.received().headers()));
    }

    @Override
    public CampaignCreated created(CampaignDelivery delivery, KoreCallVerdict.Created verdict) {
      return outcomes.created(
          delivery.eventId(), delivery.tenant(), verdict.campaign(), delivery.attempts());
    }

    @Override
    public CampaignOutcome minimal(
        CampaignDelivery delivery, CampaignOutcome outcome, Throwable failure) {
      return outcome;
    }

    @Override
    public AccountBudgets.Account account(CampaignDelivery delivery) {
      return account;
    }

    @Override
    public void renewToken(String tenant) {}
  }
}
