package io.korebridge.kore;

import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** Addresses the call to the event's tenant and adds Kore's authentication headers. */
@ApplicationScoped
@Named("authorizeKoreCall")
public class AuthorizeKoreCall implements Processor {

  public static final String AUTH = "auth";
  public static final String ACCOUNT_ID = "accountid";
  public static final String IID = "iid";
  static final String JSON = "application/json";

  private final KoreTenants tenants;
  private final KoreTokens tokens;

  public AuthorizeKoreCall(KoreTenants tenants, KoreTokens tokens) {
    this.tenants = tenants;
    this.tokens = tokens;
  }

  @Override
  public void process(Exchange exchange) {
    KoreTenant tenant = tenants.resolve(CampaignDelivery.of(exchange).tenant());
    Message message = exchange.getMessage();
    message.setHeader(Exchange.HTTP_URI, tenant.campaignUrl());
    message.setHeader(Exchange.HTTP_METHOD, "POST");
    message.setHeader(Exchange.CONTENT_TYPE, JSON);
    // Wrapped, so that the token prints as a placeholder wherever Camel prints headers.
    message.setHeader(AUTH, new KoreAuthToken(tokens.tokenFor(tenant)));
    message.setHeader(ACCOUNT_ID, tenant.accountId());
    message.setHeader(IID, tenant.iid());
  }
}
