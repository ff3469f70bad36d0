package io.korebridge.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the idempotency ledger has been read to its end; DOWN while it loads and while its
 * topic is missing, unreadable or unwritable, with a message naming the topic and what is missing.
 */
@Readiness
@ApplicationScoped
public class CampaignLedgerReadiness implements HealthCheck {

  public static final String NAME = "campaign-ledger";

  private final CampaignLedger ledger;

  public CampaignLedgerReadiness(CampaignLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public HealthCheckResponse call() {
    CampaignLedger.Status status = ledger.status();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME)
            .status(status.available())
            .withData("topic", status.topic())
            .withData("entries", status.entries())
            .withData("maxEntries", status.maxEntries())
            .withData("evictedBeforeExpiry", status.evictedBeforeExpiry())
            .withData("retention", status.retention().toString());
    if (status.loadTime() != null) {
      response.withData("loadMillis", status.loadTime().toMillis());
    }
    if (!status.available()) {
      response.withData("message", "idempotency topic " + status.topic() + " " + status.problem());
    }
    return response.build();
  }
}
