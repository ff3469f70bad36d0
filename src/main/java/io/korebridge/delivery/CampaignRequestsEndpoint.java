package io.korebridge.delivery;

import io.korebridge.config.CampaignConfig;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** The requests topics as a consumer endpoint; nothing can be sent to it. */
final class CampaignRequestsEndpoint extends DefaultEndpoint {

  private final String topics;
  private final DeliveryEngine engine;
  private final DeliveryKafkaClientFactory clients;
  private final CampaignConfig config;

  CampaignRequestsEndpoint(
      String uri,
      CampaignRequestsComponent component,
      String topics,
      DeliveryEngine engine,
      DeliveryKafkaClientFactory clients,
      CampaignConfig config) {
    super(uri, component);
    this.topics = topics;
    this.engine = engine;
    this.clients = clients;
    this.config = config;
  }

  @Override
  public Producer createProducer() {
    throw new UnsupportedOperationException("campaign-requests is consumed only");
  }

  @Override
  public Consumer createConsumer(Processor processor) throws Exception {
    CampaignRequestsConsumer consumer =
        new CampaignRequestsConsumer(this, processor, topics, engine, clients, config);
    configureConsumer(consumer);
    return consumer;
  }

  @Override
  public boolean isSingleton() {
    return true;
  }
}
