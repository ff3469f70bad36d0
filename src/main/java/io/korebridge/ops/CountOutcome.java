package io.korebridge.ops;

import io.korebridge.outcome.CampaignFailed;
import io.korebridge.outcome.CampaignOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
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
    }
  }
}
