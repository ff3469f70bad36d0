package io.korebridge.mapping;

import io.korebridge.contract.CampaignRequestEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The typed mapping step: {@link CampaignRequestEvent} in, {@link KoreCampaignBody} out. */
@ApplicationScoped
@Named("mapToKoreCampaign")
public class MapToKoreCampaign implements Processor {

  private final CampaignMapper mapper = new CampaignMapper();

  @Override
  public void process(Exchange exchange) throws Exception {
    CampaignRequestEvent event = exchange.getMessage().getMandatoryBody(CampaignRequestEvent.class);
    exchange.getMessage().setBody(mapper.toKoreBody(event.campaign()));
  }
}
