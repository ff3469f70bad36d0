package io.korebridge.outcome;

import io.korebridge.pipeline.PipelineState;
import io.korebridge.pipeline.ReceivedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/** Keys the outcome record like the request and adds the headers consumers route on. */
@ApplicationScoped
@Named("addressOutcome")
public class AddressOutcome implements Processor {

  public static final String EVENT_ID_HEADER = "eventId";
  public static final String OUTCOME_HEADER = "outcome";

  @Override
  public void process(Exchange exchange) throws Exception {
    Message message = exchange.getMessage();
    CampaignOutcome outcome = message.getMandatoryBody(CampaignOutcome.class);
    message.getHeaders().clear();
    ReceivedRequest received = PipelineState.received(exchange);
    if (received != null && received.key() != null) {
      message.setHeader(KafkaConstants.KEY, received.key());
    }
    if (outcome.eventId() != null) {
      message.setHeader(EVENT_ID_HEADER, outcome.eventId());
    }
    message.setHeader(OUTCOME_HEADER, outcome.outcome());
  }
}
