package io.korebridge.ops;

import io.korebridge.outcome.CampaignFailed;
import io.korebridge.outcome.CampaignOutcome;
import io.korebridge.outcome.FailureReason;
import io.korebridge.pipeline.PipelineState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Counts the outcome in the body once the exchange completes, i.e. once the outcome has been
 * published and the offset committed; a Kafka failure that makes the request come again is not
 * counted twice.
 */
@ApplicationScoped
@Named("countOutcome")
public class CountOutcome implements Processor {

  private final BridgeMetrics metrics;

  public CountOutcome(BridgeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void process(Exchange exchange) throws Exception {
    CampaignOutcome outcome = exchange.getMessage().getMandatoryBody(CampaignOutcome.class);
    String reason = outcome instanceof CampaignFailed failed ? failed.reason().name() : null;
    exchange.getExchangeExtension().addOnCompletion(new Counted(outcome, reason));
  }

  private final class Counted extends SynchronizationAdapter {
    private final CampaignOutcome outcome;
    private final String reason;

    private Counted(CampaignOutcome outcome, String reason) {
      this.outcome = outcome;
      this.reason = reason;
    }

    @Override
    public void onComplete(Exchange exchange) {
      metrics.outcome(outcome.outcome(), reason, outcome.tenant());
      Long waited = exchange.getProperty(PipelineState.RATE_WAIT_NANOS, Long.class);
      if (waited != null) {
        metrics.rateBudgetWaited(outcome.tenant(), Duration.ofNanos(waited));
      }
      if (Boolean.TRUE.equals(exchange.getProperty(PipelineState.TOKEN_RENEWED, Boolean.class))) {
        metrics.tokenRenewed(
            outcome.tenant(), !FailureReason.KORE_AUTH_FAILED.name().equals(reason));
      }
    }
  }
}
