package io.korebridge.delivery;

import io.korebridge.receive.ReceivedRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * The owner thread: the only code that touches the requests consumer, and the only thread that runs
 * the {@link DeliveryCore}. Each turn it commits what is finished, pauses or resumes, polls, hands
 * each record to the route, runs due timers and the messages workers sent back. It never sleeps
 * while there is work: with work out, it polls without waiting and waits on the mailbox instead.
 *
 * <p>Fencing: the loop keeps a lease that call threads check right before anything is sent to Kore.
 * It is renewed each turn while the consumer's heartbeats reach the group coordinator; a turn that
 * comes more than a session timeout after the last one (the process was frozen: GC, SIGSTOP)
 * forgets every partition's work, reads them again from their last commit, and keeps the lease
 * closed until the group confirms the assignment or a session timeout passes.
 */
final class DeliveryLoop implements Runnable {

  private static final Logger LOG = Logger.getLogger(DeliveryLoop.class);
  private static final long BUSY_WAIT_MS = 5;

  /** Runs the consumer route for one record; the route ends by handing it to the engine. */
  interface RecordRoute {
    void hand(ConsumerRecord<byte[], byte[]> record) throws Exception;
  }

  /** The loop's settings, from {@code campaign.consumer.*} and {@code campaign.delivery.*}. */
  record Settings(
      Collection<String> topics,
      long pollTimeoutMs,
      long sessionTimeoutMs,
      long revokeDrainMs,
      long shutdownDrainMs) {}

  /** What readiness reports. */
  enum Phase {
    STARTING,
    RUNNING,
    CLOSING,
    CLOSED,
    FAILED
  }

  private final Consumer<byte[], byte[]> consumer;
  private final DeliveryCore core;
  private final RecordRoute route;
  private final Settings settings;
  private final LongSupplier clock;
  private final DeliveryLease lease;
  private volatile boolean stopRequested;
  private volatile boolean serviceStopping;
  private volatile Phase phase = Phase.STARTING;
  private volatile long lastTurnAt;
  private volatile int assigned;
  private volatile boolean pausedByEngine;
  private volatile String failure;
  private long fencedUntil;
  private Metric heartbeatAge;

  DeliveryLoop(
      Consumer<byte[], byte[]> consumer,
      DeliveryCore core,
      RecordRoute route,
      Settings settings,
      LongSupplier clock,
      DeliveryLease lease) {
    this.consumer = consumer;
    this.core = core;
    this.route = route;
    this.settings = settings;
    this.clock = clock;
    this.lease = lease;
  }

  // ---- from other threads -----------------------------------------------------------------

  /** Asks the loop to finish: it drains, commits and closes the consumer on its own thread. */
  void requestStop(boolean serviceIsStopping) {
    serviceStopping = serviceStopping || serviceIsStopping;
    stopRequested = true;
    consumer.wakeup(); // documented as safe from any thread; ends a waiting poll
  }

  Phase phase() {
    return phase;
  }

  long lastTurnAgoMs() {
    return clock.getAsLong() - lastTurnAt;
  }

  int assignedPartitions() {
    return assigned;
  }

  boolean pausedByEngine() {
    return pausedByEngine;
  }

  String failure() {
    return failure;
  }

  // ---- the owner thread -------------------------------------------------------------------

  @Override
  public void run() {
    try {
      open();
      while (!stopRequested) {
        turn();
      }
    } catch (RuntimeException | Error e) {
      failure = e.toString();
      phase = Phase.FAILED;
      LOG.error("The requests consumer loop failed; its partitions go to other replicas", e);
    } finally {
      close();
    }
  }

  /** Subscribes; the loop turns from now on (tests call open, turn and close directly). */
  void open() {
    consumer.subscribe(List.copyOf(settings.topics()), new Rebalance());
    lastTurnAt = clock.getAsLong();
    phase = Phase.RUNNING;
  }

  /** One turn of the loop. */
  void turn() {
    long now = clock.getAsLong();
    if (phase == Phase.RUNNING && now - lastTurnAt > settings.sessionTimeoutMs()) {
      startOverAfterGap(now - lastTurnAt);
    }
    lastTurnAt = now;
    renewLease(now);
    commit();
    pauseOrResume();
    // With work out, the loop waits on the mailbox and only asks Kafka for what it has fetched;
    // with none, nothing can arrive in the mailbox, so it waits in poll.
    boolean workOut = core.outstanding() > 0 || core.mailbox().queuedMessages() > 0;
    long untilTimer = core.mailbox().nextDueInMs();
    ConsumerRecords<byte[], byte[]> records =
        poll(workOut ? 0 : Math.min(settings.pollTimeoutMs(), untilTimer));
    for (ConsumerRecord<byte[], byte[]> record : records) {
      hand(record);
    }
    core.mailbox().runDueTimers();
    runMessages(workOut && records.isEmpty() ? Math.min(BUSY_WAIT_MS, untilTimer) : 0);
  }

  private ConsumerRecords<byte[], byte[]> poll(long timeoutMs) {
    Duration timeout = Duration.ofMillis(timeoutMs);
    try {
      return consumer.poll(timeout);
    } catch (WakeupException stop) {
      return ConsumerRecords.empty();
    } catch (KafkaException e) {
      LOG.warnf("Polling the requests topic failed, polling again: %s", e.toString());
      return ConsumerRecords.empty();
    }
  }

  private void hand(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Throwable failed = null;
    try {
      route.hand(record);
    } catch (Exception | Error e) {
      failed = e;
    }
    if (!core.wasHandedOver(partition, record.offset())) {
      Throwable cause =
          failed != null
              ? failed
              : new IllegalStateException("the consumer route did not hand the record over");
      LOG.errorf(
          cause,
          "Record %s-%d@%d was not handed to the delivery engine; it ends FAILED",
          record.topic(),
          record.partition(),
          record.offset());
      core.notHandedOver(received(record), cause);
    }
  }

  private void runMessages(long waitMs) {
    try {
      core.mailbox().runMessages(waitMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopRequested = true;
    }
  }

  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = core.toCommit();
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitAsync(offsets, (done, failure) -> core.committed(offsets, failure));
    } catch (RuntimeException e) {
      // Thrown before the commit was sent: no callback comes.
      core.committed(offsets, e);
    }
  }

  private void pauseOrResume() {
    Set<TopicPartition> assignment = consumer.assignment();
    if (core.mustPause()) {
      Set<TopicPartition> notPaused = new HashSet<>(assignment);
      notPaused.removeAll(consumer.paused());
      if (!notPaused.isEmpty()) {
        consumer.pause(notPaused);
        LOG.debugf("Paused %s: %s", notPaused, core.pauseReason());
      }
      pausedByEngine = true;
    } else if (pausedByEngine && core.mayResume()) {
      consumer.resume(consumer.paused());
      pausedByEngine = false;
      LOG.debug("Resumed consumption");
    }
  }

  private void renewLease(long now) {
    boolean heartbeating = heartbeatAgeMs() < settings.sessionTimeoutMs();
    if (heartbeating && now >= fencedUntil) {
      lease.renew(now);
    } else {
      lease.revoke();
    }
  }

  /** Milliseconds since the consumer's last heartbeat to the coordinator; 0 when not known. */
  private long heartbeatAgeMs() {
    if (heartbeatAge == null) {
      for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
        if ("last-heartbeat-seconds-ago".equals(metric.getKey().name())) {
          heartbeatAge = metric.getValue();
        }
      }
      if (heartbeatAge == null) {
        return 0;
      }
    }
    Object value = heartbeatAge.metricValue();
    return value instanceof Number seconds && !Double.isNaN(seconds.doubleValue())
        ? (long) (seconds.doubleValue() * 1000)
        : 0;
  }

  /**
   * The loop did not turn for longer than a session timeout: the group may have given this member's
   * partitions to another. Their work here is forgotten (nothing of it is published or committed),
   * they are read again from their last commit, and no call leaves until the group has confirmed
   * the assignment or a session timeout has passed.
   */
  private void startOverAfterGap(long gapMs) {
    Set<TopicPartition> mine = consumer.assignment();
    LOG.warnf(
        "The requests consumer did not turn for %d ms (more than the session timeout): its work on"
            + " %s is dropped and read again from the last commit",
        gapMs, mine);
    lease.revoke();
    fencedUntil = clock.getAsLong() + settings.sessionTimeoutMs();
    core.forget(core.partitions());
    if (mine.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed = committed(mine);
    for (TopicPartition partition : mine) {
      OffsetAndMetadata commit = committed.get(partition);
      if (commit != null) {
        consumer.seek(partition, commit.offset());
      } else {
        consumer.seekToBeginning(List.of(partition));
      }
    }
    core.assigned(mine, finishedAbove(committed));
  }

  /** Drains (bounded), commits the finished prefix, forgets everything and closes the consumer. */
  void close() {
    phase = Phase.CLOSING;
    try {
      if (serviceStopping) {
        core.stop();
      }
      Set<TopicPartition> all = core.partitions();
      drainAndCommit(all, serviceStopping ? settings.shutdownDrainMs() : settings.revokeDrainMs());
      core.forget(all);
      core.lanes(BudgetLanes.NONE);
    } catch (RuntimeException e) {
      LOG.warnf("Closing the delivery engine's partitions failed: %s", e.toString());
    } finally {
      lease.revoke();
      try {
        consumer.close();
      } catch (RuntimeException e) {
        LOG.warnf("Closing the requests consumer failed: %s", e.toString());
      }
      if (phase != Phase.FAILED) {
        phase = Phase.CLOSED;
      }
    }
  }

  /**
   * Lets running work of {@code partitions} finish (bounded), then commits their finished prefix.
   */
  private void drainAndCommit(Collection<TopicPartition> partitions, long boundMs) {
    if (partitions.isEmpty()) {
      return;
    }
    core.revoking(partitions);
    long deadline = clock.getAsLong() + boundMs;
    while (core.busy(partitions) > 0 && clock.getAsLong() < deadline) {
      lastTurnAt = clock.getAsLong(); // draining is turning: not a frozen loop
      renewLease(lastTurnAt);
      core.mailbox().runDueTimers();
      runMessages(Math.min(BUSY_WAIT_MS * 4, Math.max(1, deadline - clock.getAsLong())));
    }
    int unfinished = core.busy(partitions);
    if (unfinished > 0) {
      LOG.warnf(
          "%d running request(s) of %s did not finish within %d ms; the next owner takes them over",
          unfinished, partitions, boundMs);
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = core.finalCommit(partitions);
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
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
      return committed == null ? Map.of() : committed;
    } catch (RuntimeException e) {
      LOG.warnf("Could not read the committed offsets of %s: %s", partitions, e.toString());
      return Map.of();
    }
  }

  private static Map<TopicPartition, Set<Long>> finishedAbove(
      Map<TopicPartition, OffsetAndMetadata> committed) {
    Map<TopicPartition, Set<Long>> finished = new HashMap<>();
    committed.forEach(
        (partition, commit) -> {
          if (commit != null) {
            finished.put(partition, FinishedAbove.decode(commit.offset(), commit.metadata()));
          }
        });
    return finished;
  }

  private void updateLanes() {
    Map<String, Integer> counts = new HashMap<>();
    for (String topic : consumer.subscription()) {
      try {
        counts.put(topic, consumer.partitionsFor(topic).size());
      } catch (RuntimeException e) {
        LOG.warnf("Could not read the partition count of %s: %s", topic, e.toString());
      }
    }
    Set<TopicPartition> assignment = consumer.assignment();
    assigned = assignment.size();
    core.lanes(BudgetLanes.of(counts, assignment));
  }

  static ReceivedRecord received(ConsumerRecord<byte[], byte[]> record) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value());
    }
    return new ReceivedRecord(
        record.topic(), record.partition(), record.offset(), record.key(), record.value(), headers);
  }

  /** Rebalance callbacks run inside poll, on this thread. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (revoked.isEmpty()) {
        return;
      }
      drainAndCommit(revoked, settings.revokeDrainMs());
      core.forget(revoked);
      updateLanes();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> added) {
      fencedUntil = 0; // the group has confirmed this member's assignment
      if (!added.isEmpty()) {
        core.assigned(added, finishedAbove(committed(Set.copyOf(added))));
        if (core.mustPause()) {
          consumer.pause(added); // a new assignment at the pending mark stays paused too
          pausedByEngine = true;
        }
      }
      updateLanes();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      // The group moved on without this member: nothing may be committed; forget them.
      core.forget(lost);
      updateLanes();
    }
  }
}
