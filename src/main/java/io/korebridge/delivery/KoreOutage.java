package io.korebridge.delivery;

import io.korebridge.kore.KoreConfig;
import io.korebridge.kore.KoreRetries;
import io.korebridge.kore.KoreRetryableException;
import io.korebridge.outcome.FailureReason;
import io.korebridge.pipeline.PipelineState;
import io.korebridge.pipeline.ReceivedRequest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.ObjectHelper;
import org.jboss.logging.Logger;

/**
 * Rides out a Kore outage without dead-lettering every request and without blocking the poll loop.
 *
 * <p>When a request is still failing with Kore unavailable after its in-line retries, the Kafka
 * consumer is paused (it keeps polling, so it stays in its group) and the request's offset stays
 * uncommitted. After {@code kore.outage.pause-ms} the consumer resumes from the committed offset
 * and tries that request once more. Only when Kore has been failing it for {@code
 * kore.outage.give-up-after-ms} does it get a FAILED outcome.
 */
@ApplicationScoped
@Named("koreOutage")
public class KoreOutage {

  /** Id of the route that consumes the requests topic (routes/campaign-pipeline.yaml). */
  static final String CONSUMER_ROUTE = "consume-campaign-requests";

  private static final Logger LOG = Logger.getLogger(KoreOutage.class);

  private final CamelContext camel;
  private final KoreRetries retries;
  private final Duration pause;
  private final Duration giveUpAfter;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final ScheduledExecutorService resumer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "kore-outage-resume");
            thread.setDaemon(true);
            return thread;
          });

  /** What a held request had already been through before it was handed back to Kafka. */
  record Held(int attempts, Instant firstCallAt) {}

  public KoreOutage(CamelContext camel, KoreConfig config, KoreRetries retries) {
    this.camel = camel;
    this.retries = retries;
    this.pause = Duration.ofMillis(config.outage().pauseMs());
    this.giveUpAfter = Duration.ofMillis(config.outage().giveUpAfterMs());
  }

  /** Gives a re-read request back the attempts it had before the consumer was paused. */
  public void restoreHeldState(Exchange exchange) {
    Held before = held.remove(keyOf(PipelineState.received(exchange)));
    if (before != null) {
      exchange.setProperty(PipelineState.ATTEMPTS, before.attempts());
      exchange.setProperty(PipelineState.FIRST_CALL_AT, before.firstCallAt());
    }
  }

  /**
   * The route's {@code retryWhile} for failed Kore calls: true while in-line retries remain. Once
   * they are over, decides whether to hold the request (sets {@link PipelineState#HELD_FOR_OUTAGE},
   * which leaves the failure unhandled) or let it fail.
   */
  public boolean retryOrHold(Exchange exchange) {
    if (retries.retryWhile(exchange)) {
      return true;
    }
    exchange.setProperty(PipelineState.HELD_FOR_OUTAGE, shouldHold(exchange));
    return false;
  }

  /**
   * True when a failed Kore call should hold its request instead of failing it: Kore is unavailable
   * and the request has not yet waited {@code kore.outage.give-up-after-ms}. Holding pauses the
   * consumer.
   */
  private boolean shouldHold(Exchange exchange) {
    Throwable failure = KoreRetries.failureOf(exchange);
    Instant firstCall = exchange.getProperty(PipelineState.FIRST_CALL_AT, Instant.class);
    boolean hold =
        isKoreUnavailable(failure)
            && firstCall != null
            && Duration.between(firstCall, Instant.now()).compareTo(giveUpAfter) < 0;
    if (hold) {
      ReceivedRequest received = PipelineState.received(exchange);
      held.put(keyOf(received), new Held(PipelineState.attempts(exchange), firstCall));
      pauseConsumer(exchange.getProperty(PipelineState.EVENT_ID, String.class));
    }
    return hold;
  }

  static boolean isKoreUnavailable(Throwable failure) {
    if (ObjectHelper.getException(IOException.class, failure) != null) {
      return true;
    }
    KoreRetryableException retryable =
        ObjectHelper.getException(KoreRetryableException.class, failure);
    return retryable != null && retryable.reason() == FailureReason.KORE_UNAVAILABLE;
  }

  private void pauseConsumer(String eventId) {
    Route route = camel.getRoute(CONSUMER_ROUTE);
    LOG.warnf(
        "Kore unavailable: pausing consumption for %d ms; eventId=%s stays uncommitted and is"
            + " tried again on resume",
        pause.toMillis(), eventId);
    ServiceHelper.suspendService(route.getConsumer());
    resumer.schedule(
        () -> {
          LOG.info("Resuming consumption after a Kore outage pause");
          ServiceHelper.resumeService(route.getConsumer());
        },
        pause.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static String keyOf(ReceivedRequest received) {
    return received.topic() + "-" + received.partition() + "@" + received.offset();
  }

  @PreDestroy
  void close() {
    resumer.shutdownNow();
  }
}
