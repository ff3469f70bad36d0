package io.korebridge.outcome;

import io.korebridge.event.RegistryFrame;
import io.korebridge.kore.KoreCampaignCreated;
import io.korebridge.pipeline.PipelineState;
import io.korebridge.pipeline.ReceivedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Camel-facing side of {@link Outcomes}: the body becomes a CREATED or FAILED outcome. */
@ApplicationScoped
@Named("recordOutcome")
public class RecordOutcome {

  private final Outcomes outcomes;

  public RecordOutcome(
      @ConfigProperty(name = "campaign.max-event-bytes") int maxEventBytes,
      @ConfigProperty(name = "campaign.outcome.max-bytes") long maxOutcomeBytes) {
    this.outcomes = new Outcomes(Clock.systemUTC(), maxEventBytes, maxOutcomeBytes);
  }

  public void created(Exchange exchange) {
    KoreCampaignCreated kore = exchange.getMessage().getBody(KoreCampaignCreated.class);
    exchange
        .getMessage()
        .setBody(
            outcomes
                .created(
                    exchange.getProperty(PipelineState.EVENT_ID, String.class),
                    exchange.getProperty(PipelineState.TENANT, String.class),
                    kore,
                    PipelineState.attempts(exchange))
                .withRegistrySchemaId(registrySchemaId(exchange)));
  }

  public void duplicate(Exchange exchange) {
    CampaignCreated original =
        exchange.getProperty(PipelineState.ALREADY_CREATED, CampaignCreated.class);
    exchange
        .getMessage()
        .setBody(outcomes.duplicate(original).withRegistrySchemaId(registrySchemaId(exchange)));
  }

  public void failed(Exchange exchange) {
    Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    ReceivedRequest received = PipelineState.received(exchange);
    exchange
        .getMessage()
        .setBody(
            outcomes
                .failed(
                    exchange.getProperty(PipelineState.EVENT_ID, String.class),
                    exchange.getProperty(PipelineState.TENANT, String.class),
                    cause,
                    PipelineState.attempts(exchange),
                    received == null
                        ? new OriginalRecord(null, null, null, null)
                        : new OriginalRecord(
                            received.location(),
                            received.key(),
                            received.value(),
                            received.headers()))
                .withRegistrySchemaId(registrySchemaId(exchange)));
  }

  private static String registrySchemaId(Exchange exchange) {
    return exchange.getProperty(RegistryFrame.SCHEMA_ID_PROPERTY, String.class);
  }
}
