package io.korebridge.ops;

import io.korebridge.kore.KoreRetries;
import io.korebridge.kore.KoreRetryableException;
import io.korebridge.pipeline.PipelineState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.ObjectHelper;

/** Counts each repeated Kore call (the retry clause's {@code onRedelivery}), by its cause. */
@ApplicationScoped
@Named("countKoreRetry")
public class CountKoreRetry implements Processor {

  private final BridgeMetrics metrics;

  public CountKoreRetry(BridgeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void process(Exchange exchange) {
    Throwable failure = KoreRetries.failureOf(exchange);
    KoreRetryableException answer =
        ObjectHelper.getException(KoreRetryableException.class, failure);
    String reason =
        answer != null
            ? "HTTP_" + answer.httpStatus()
            : failure == null ? "UNKNOWN" : failure.getClass().getSimpleName();
    metrics.koreRetry(exchange.getProperty(PipelineState.TENANT, String.class), reason);
  }
}
