package io.korebridge.kore;

import io.korebridge.receive.CampaignDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

/** The headers of a Kore call: addressed to the event's tenant, with Kore's authentication. */
@ApplicationScoped
@Named("koreCallHeaders")
public class KoreCallHeaders {

  public static final String AUTH = "auth";
  public static final String ACCOUNT_ID = "accountid";
  public static final String IID = "iid";
  static final String JSON = "application/json";

  private final KoreTenants tenants;
  private final KoreTokens tokens;
  private final KoreCampaignLists lists;

  public KoreCallHeaders(KoreTenants tenants, KoreTokens tokens, KoreCampaignLists lists) {
    this.tenants = tenants;
    this.tokens = tokens;
    this.lists = lists;
  }

  /** The route step of a campaign-list call: the same authentication, the list's URL. */
  public void authorizeList(
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery,
      @Headers Map<String, Object> headers) {
    authorize(delivery, headers);
    headers.put(Exchange.HTTP_URI, lists.listUrl(tenants.resolve(delivery.tenant())));
  }

  /** The route step: sets the call's headers (fresh on every attempt, token included). */
  public void authorize(
      @ExchangeProperty(CampaignDelivery.PROPERTY) CampaignDelivery delivery,
      @Headers Map<String, Object> headers) {
    KoreTenant tenant = tenants.resolve(delivery.tenant());
    headers.put(Exchange.HTTP_URI, tenant.campaignUrl());
    headers.put(Exchange.HTTP_METHOD, "POST");
    headers.put(Exchange.CONTENT_TYPE, JSON);
    // Wrapped, so that the token prints as a placeholder wherever Camel prints headers.
    headers.put(AUTH, new KoreAuthToken(tokens.tokenFor(tenant)));
    headers.put(ACCOUNT_ID, tenant.accountId());
    headers.put(IID, tenant.iid());
  }
}
