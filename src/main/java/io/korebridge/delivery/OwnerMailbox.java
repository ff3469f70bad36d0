package io.korebridge.delivery;

import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The owner thread's in-tray: messages posted from any thread, and timers set by the owner itself.
 * Both run only when the owner asks ({@link #runMessages}, {@link #runDueTimers}), so everything
 * they do happens on the owner thread. Hand-written: a ScheduledExecutorService runs its tasks on
 * its own threads, which is what one owner rules out.
 */
final class OwnerMailbox {

  private static final Logger LOG = Logger.getLogger(OwnerMailbox.class);

  private record Timer(long dueMs, long order, Runnable task) {}

  private final LinkedBlockingQueue<Runnable> messages = new LinkedBlockingQueue<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(
          (a, b) ->
              a.dueMs != b.dueMs ? Long.compare(a.dueMs, b.dueMs) : Long.compare(a.order, b.order));
  private final LongSupplier clock;
  private long order;

  OwnerMailbox(LongSupplier clock) {
    this.clock = clock;
  }

  /** From any thread: {@code message} runs on the owner thread at its next turn. */
  void post(Runnable message) {
    messages.add(message);
  }

  /** Owner thread only: {@code task} runs on the owner thread once {@code delayMs} have passed. */
  void schedule(long delayMs, Runnable task) {
    timers.add(new Timer(clock.getAsLong() + Math.max(0, delayMs), order++, task));
  }

  /** Milliseconds until the next timer is due (0 when one is due), or {@code Long.MAX_VALUE}. */
  long nextDueInMs() {
    Timer next = timers.peek();
    return next == null ? Long.MAX_VALUE : Math.max(0, next.dueMs - clock.getAsLong());
  }

  /** Runs the timers due now; returns how many ran. */
  int runDueTimers() {
    long now = clock.getAsLong();
    int ran = 0;
    while (!timers.isEmpty() && timers.peek().dueMs <= now) {
      run(timers.poll().task);
      ran++;
    }
    return ran;
  }

  /**
   * Waits up to {@code waitMs} for a message when none is queued, then runs every queued message;
   * returns how many ran.
   */
  int runMessages(long waitMs) throws InterruptedException {
    Runnable first = waitMs <= 0 ? messages.poll() : messages.poll(waitMs, TimeUnit.MILLISECONDS);
    if (first == null) {
      return 0;
    }
    run(first);
    int ran = 1;
    for (Runnable next = messages.poll(); next != null; next = messages.poll()) {
      run(next);
      ran++;
    }
    return ran;
  }

  int queuedMessages() {
    return messages.size();
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error defect) {
      // Request steps catch their own failures; this only keeps the owner thread alive.
      LOG.error("The delivery engine's owner thread caught an unexpected failure", defect);
    }
  }
}
