package io.korebridge.kore;

import io.korebridge.pipeline.PipelineState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.jboss.logging.Logger;

/**
 * The route's retry decision ({@code retryWhile}) for failed Kore calls. It also sets the delay of
 * the next attempt, which Camel's error handler reads from {@link Exchange#REDELIVERY_DELAY}.
 */
@ApplicationScoped
@Named("koreRetries")
public class KoreRetries {

  private static final Logger LOG = Logger.getLogger(KoreRetries.class);

  private final KoreRetryPolicy policy;

  public KoreRetries(KoreConfig config) {
    KoreConfig.Retry retry = config.retry();
    this.policy =
        new KoreRetryPolicy(
            retry.maxAttempts(),
            Duration.ofMillis(retry.initialBackoffMs()),
            Duration.ofMillis(retry.maxBackoffMs()),
            Duration.ofMillis(retry.maxRetryAfterMs()),
            Duration.ofMillis(retry.maxElapsedMs()),
            () -> ThreadLocalRandom.current().nextDouble());
  }

  public boolean retryWhile(Exchange exchange) {
    Throwable failure =
        exchange.getException() != null
            ? exchange.getException()
            : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    KoreRetryableException retryable =
        ObjectHelper.getException(KoreRetryableException.class, failure);
    Optional<Duration> retryAfter = retryable == null ? Optional.empty() : retryable.retryAfter();
    int attempts = PipelineState.attempts(exchange);
    Instant firstCall = exchange.getProperty(PipelineState.FIRST_CALL_AT, Instant.class);
    Duration elapsed =
        firstCall == null ? Duration.ZERO : Duration.between(firstCall, Instant.now());
    Optional<Duration> delay = policy.nextDelay(attempts, elapsed, retryAfter);
    delay.ifPresent(
        wait -> {
          exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
          LOG.warnf(
              "Kore call %d for eventId=%s failed (%s); next attempt in %d ms",
              attempts,
              exchange.getProperty(PipelineState.EVENT_ID),
              describe(failure),
              wait.toMillis());
        });
    return delay.isPresent();
  }

  private static String describe(Throwable failure) {
    if (failure instanceof IOException) {
      return failure.getClass().getSimpleName();
    }
    return failure == null ? "unknown" : failure.getMessage();
  }
}
