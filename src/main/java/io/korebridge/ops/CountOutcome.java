package io.korebridge.ops;

import io.korebridge.contract.FailureReason;
import io.korebridge.outcome.CampaignFailed;
import io.korebridge.outcome.CampaignOutcome;
import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Counts the outcome in the body once the exchange completes, i.e. once Kafka has acknowledged the
 * outcome; a publication that fails and is tried again is counted once.
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
      CampaignDelivery delivery = CampaignDelivery.of(exchange);
      if (delivery.attempts() > 0) {
        metrics.rateBudgetWaited(outcome.tenant(), delivery.rateWait());
      }
      if (delivery.isTokenRenewed()) {
        metrics.tokenRenewed(
            outcome.tenant(), !FailureReason.KORE_AUTH_FAILED.name().equals(reason));
      }
    }
  }
}
