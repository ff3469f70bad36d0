package io.korebridge.outcome;

import io.korebridge.config.CampaignConfig;
import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.ReceivedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Locale;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Keys the outcome record like the request and adds the headers consumers route on, including the
 * CloudEvents 1.0 Kafka binary-mode attributes, so the outcome is a CloudEvent as it stands.
 */
@ApplicationScoped
@Named("addressOutcome")
public class AddressOutcome implements Processor {

  public static final String EVENT_ID_HEADER = "eventId";
  public static final String OUTCOME_HEADER = "outcome";
  public static final String CONTENT_TYPE_HEADER = "content-type";
  public static final String CE_TYPE_PREFIX = "io.korebridge.campaign.";

  private final String cloudEventsSource;

  public AddressOutcome(CampaignConfig config) {
    this.cloudEventsSource = config.cloudevents().source();
  }

  @Override
  public void process(Exchange exchange) throws Exception {
    Message message = exchange.getMessage();
    CampaignOutcome outcome = message.getMandatoryBody(CampaignOutcome.class);
    message.getHeaders().clear();
    ReceivedRequest received = CampaignDelivery.of(exchange).received();
    if (received.key() != null) {
      message.setHeader(KafkaConstants.KEY, received.key());
    }
    if (outcome.eventId() != null) {
      message.setHeader(EVENT_ID_HEADER, outcome.eventId());
    }
    message.setHeader(OUTCOME_HEADER, outcome.outcome());
    message.setHeader(CONTENT_TYPE_HEADER, "application/json");
    message.setHeader("ce_specversion", "1.0");
    message.setHeader("ce_id", UUID.randomUUID().toString());
    message.setHeader("ce_type", CE_TYPE_PREFIX + outcome.outcome().toLowerCase(Locale.ROOT));
    message.setHeader("ce_source", cloudEventsSource);
    if (outcome.eventId() != null) {
      message.setHeader("ce_subject", outcome.eventId());
    }
    message.setHeader("ce_time", outcome.processedAt());
  }
}
