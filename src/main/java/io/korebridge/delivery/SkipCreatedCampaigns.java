package io.korebridge.delivery;

import io.korebridge.contract.CampaignRequestEvent;
import io.korebridge.outcome.Outcomes;
import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;

/**
 * The idempotency step: an event that already became a campaign is answered from the ledger, with a
 * duplicate of its CREATED outcome as the body, instead of calling Kore again.
 */
@ApplicationScoped
@Named("skipCreatedCampaigns")
public class SkipCreatedCampaigns {

  private final CampaignLedger ledger;
  private final Outcomes outcomes;

  public SkipCreatedCampaigns(CampaignLedger ledger, Outcomes outcomes) {
    this.ledger = ledger;
    this.outcomes = outcomes;
  }

  public void lookUp(Exchange exchange) {
    CampaignRequestEvent event = exchange.getMessage().getBody(CampaignRequestEvent.class);
    ledger
        .find(event.tenantOrDefault(), event.eventId())
        .ifPresent(
            previous -> {
              CampaignDelivery delivery = CampaignDelivery.of(exchange);
              delivery.answerFromLedger();
              exchange
                  .getMessage()
                  .setBody(
                      outcomes
                          .duplicate(previous)
                          .withRegistrySchemaId(delivery.registrySchemaId()));
            });
  }
}
