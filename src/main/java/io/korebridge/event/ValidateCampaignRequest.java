package io.korebridge.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.pipeline.PipelineState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Reads the received bytes into a typed event; the body becomes a {@link CampaignRequestEvent}. */
@ApplicationScoped
@Named("validateCampaignRequest")
public class ValidateCampaignRequest implements Processor {

  private final CampaignEventReader reader = new CampaignEventReader(new EventContract());

  @Override
  public void process(Exchange exchange) {
    JsonNode tree = reader.parse(PipelineState.received(exchange).value());
    // Known as early as possible so that even an invalid event's outcome names it.
    exchange.setProperty(PipelineState.EVENT_ID, textOrNull(tree.get("eventId")));
    exchange.setProperty(PipelineState.TENANT, textOrNull(tree.get("tenant")));
    CampaignRequestEvent event = reader.read(tree);
    exchange.setProperty(PipelineState.TENANT, event.tenantOrDefault());
    exchange.getMessage().setBody(event);
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }
}
