package io.korebridge.kore;

import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** Turns Kore's HTTP answer into a {@link KoreCampaignCreated} body, or a classified failure. */
@ApplicationScoped
@Named("readKoreResponse")
public class ReadKoreResponse implements Processor {

  static final String RETRY_AFTER = "Retry-After";
  private final KoreResponses responses = new KoreResponses();
  private final KoreTenants tenants;

  public ReadKoreResponse(KoreTenants tenants) {
    this.tenants = tenants;
  }

  @Override
  public void process(Exchange exchange) {
    Message message = exchange.getMessage();
    int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    String body = message.getBody(String.class);
    Duration retryAfter =
        RetryAfter.parse(message.getHeader(RETRY_AFTER, String.class), Instant.now()).orElse(null);
    try {
      message.setBody(responses.interpret(status, body, retryAfter));
    } catch (KoreTokenRejectedException rejected) {
      throw rejected.by(tenants.resolve(CampaignDelivery.of(exchange).tenant()));
    }
  }
}
