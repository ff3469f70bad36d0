package io.korebridge.delivery;

import io.korebridge.config.CampaignConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code campaign-requests:<topics>} endpoint: the requests topic as the consumer route's
 * {@code from}, consumed by the delivery engine's own owner loop. A component of our own because
 * camel-kafka's consumer owns its poll loop, commits and pauses, which the engine must own (the
 * design notes say why).
 */
@ApplicationScoped
@Named("campaign-requests")
public class CampaignRequestsComponent extends DefaultComponent {

  private final DeliveryEngine engine;
  private final DeliveryKafkaClientFactory clients;
  private final CampaignConfig config;

  public CampaignRequestsComponent(
      DeliveryEngine engine, DeliveryKafkaClientFactory clients, CampaignConfig config) {
    this.engine = engine;
    this.clients = clients;
    this.config = config;
  }

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
    if (!parameters.isEmpty()) {
      throw new IllegalArgumentException(
          "campaign-requests takes no parameters (its settings are campaign.consumer.*): "
              + parameters.keySet());
    }
    return new CampaignRequestsEndpoint(uri, this, remaining, engine, clients, config);
  }
}
