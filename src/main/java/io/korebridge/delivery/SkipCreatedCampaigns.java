package io.korebridge.delivery;

import io.korebridge.event.CampaignRequestEvent;
import io.korebridge.outcome.CampaignCreated;
import io.korebridge.pipeline.PipelineState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;

/** The idempotency steps: look an event up before calling Kore, remember it once created. */
@ApplicationScoped
@Named("campaignLedger")
public class SkipCreatedCampaigns {

  private final CampaignLedger ledger;

  public SkipCreatedCampaigns(CampaignLedger ledger) {
    this.ledger = ledger;
  }

  /** Sets {@link PipelineState#ALREADY_CREATED} when this event already became a campaign. */
  public void lookUp(Exchange exchange) {
    CampaignRequestEvent event = exchange.getMessage().getBody(CampaignRequestEvent.class);
    ledger
        .find(event.tenantOrDefault(), event.eventId())
        .ifPresent(previous -> exchange.setProperty(PipelineState.ALREADY_CREATED, previous));
  }

  public void remember(Exchange exchange) {
    ledger.remember(exchange.getMessage().getBody(CampaignCreated.class));
  }
}
