package io.korebridge.kore;

import io.korebridge.pipeline.PipelineState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs before the one retry after Kore refused a token: drops the tenant's cached token. */
@ApplicationScoped
@Named("renewKoreToken")
public class RenewKoreToken implements Processor {

  private final KoreTokens tokens;

  public RenewKoreToken(KoreTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void process(Exchange exchange) {
    tokens.renew(exchange.getProperty(PipelineState.TENANT, String.class));
    exchange.setProperty(PipelineState.TOKEN_RENEWED, true);
  }
}
