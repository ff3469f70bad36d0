package io.korebridge.outcome;

import io.korebridge.config.CampaignConfig;
import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The outcome record's key and headers: keyed like the request, with the headers consumers route
 * on, including the CloudEvents 1.0 Kafka binary-mode attributes, so the outcome is a CloudEvent as
 * it stands.
 */
@ApplicationScoped
@Named("outcomeHeaders")
public class OutcomeHeaders {

  public static final String EVENT_ID_HEADER = "eventId";
  public static final String OUTCOME_HEADER = "outcome";
  public static final String CONTENT_TYPE_HEADER = "content-type";
  public static final String CE_TYPE_PREFIX = "io.korebridge.campaign.";

  private final String cloudEventsSource;

  public OutcomeHeaders(CampaignConfig config) {
    this.cloudEventsSource = config.cloudevents().source();
  }

  /** The route step: replaces every header with the outcome's own. */
  public void address(
      @Body CampaignOutcome outcome,
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery,
      @Headers Map<String, Object> headers) {
    headers.clear();
    byte[] key = delivery.received().key();
    if (key != null) {
      headers.put(KafkaConstants.KEY, key);
    }
    if (outcome.eventId() != null) {
      headers.put(EVENT_ID_HEADER, outcome.eventId());
    }
    headers.put(OUTCOME_HEADER, outcome.outcome());
    headers.put(CONTENT_TYPE_HEADER, "application/json");
    headers.put("ce_specversion", "1.0");
    headers.put("ce_id", UUID.randomUUID().toString());
    headers.put("ce_type", CE_TYPE_PREFIX + outcome.outcome().toLowerCase(Locale.ROOT));
    headers.put("ce_source", cloudEventsSource);
    if (outcome.eventId() != null) {
      headers.put("ce_subject", outcome.eventId());
    }
    headers.put("ce_time", outcome.processedAt());
  }
}
