package io.korebridge.delivery;

import io.korebridge.contract.CampaignRequestEvent;
import io.korebridge.outcome.Outcomes;
import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The idempotency step: an event that already became a campaign is answered from the ledger, with a
 * duplicate of its CREATED outcome, instead of calling Kore again.
 */
@ApplicationScoped
@Named("ledgerLookUp")
public class LedgerLookUp {

  private final CampaignLedger ledger;
  private final Outcomes outcomes;

  public LedgerLookUp(CampaignLedger ledger, Outcomes outcomes) {
    this.ledger = ledger;
    this.outcomes = outcomes;
  }

  /**
   * The new body: the duplicate CREATED outcome when the ledger knows the event (the delivery is
   * then answered from the ledger), else the event as it was.
   */
  public Object lookUp(
      @Body CampaignRequestEvent event,
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery) {
    return ledger
        .find(event.tenantOrDefault(), event.eventId())
        .<Object>map(
            previous -> {
              delivery.answerFromLedger();
              return outcomes.duplicate(previous).withRegistrySchemaId(delivery.registrySchemaId());
            })
        .orElse(event);
  }
}
