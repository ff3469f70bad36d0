package io.korebridge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.korebridge.config.CampaignConfig;
import io.korebridge.receive.CampaignDelivery;
import io.korebridge.receive.ReceivedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Reads the received record (plain JSON or a CloudEvent, either possibly framed by a schema
 * registry's serializer) into a typed event checked against the contract; the body becomes a {@link
 * CampaignRequestEvent}.
 */
@ApplicationScoped
@Named("validateCampaignRequest")
public class ValidateCampaignRequest implements Processor {

  private final CampaignEventReader reader = new CampaignEventReader(new EventContract());
  private final int maxEventBytes;

  public ValidateCampaignRequest(CampaignConfig config) {
    this.maxEventBytes = config.maxEventBytes();
  }

  @Override
  public void process(Exchange exchange) {
    CampaignDelivery delivery = CampaignDelivery.of(exchange);
    ReceivedRequest received = delivery.received();
    // Judged by length alone: an oversized value is never parsed.
    if (received.value() != null && received.value().length > maxEventBytes) {
      throw new MalformedEventException(
          "event is "
              + received.value().length
              + " bytes, more than the "
              + maxEventBytes
              + " allowed (campaign.max-event-bytes)");
    }
    RegistryFrame frame = RegistryFrame.of(received.value(), received.headers());
    // Set before parsing, so that a frame around garbage still names its schema id.
    delivery.registrySchemaId(frame.schemaId());
    IncomingEvent incoming = IncomingEvent.of(reader.parse(frame.payload()), received.headers());
    // Known as early as possible so that even an invalid event's outcome names it.
    delivery.identify(incoming.eventId(), textOrNull(incoming.event().get("tenant")));
    CampaignRequestEvent event = reader.read(incoming);
    delivery.identify(event.eventId(), event.tenantOrDefault());
    exchange.getMessage().setBody(event);
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }
}
