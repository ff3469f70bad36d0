package io.korebridge.kore;

import io.korebridge.event.CampaignRequestEvent;
import io.korebridge.outcome.CampaignFailedException;
import io.korebridge.outcome.FailureReason;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;

/** The Kore tenants this bridge knows, by the name an event's {@code tenant} field uses. */
@ApplicationScoped
public class KoreTenants {

  private final Map<String, KoreTenant> byName;

  public KoreTenants(KoreConfig config) {
    KoreTenant defaultTenant =
        new KoreTenant(
            CampaignRequestEvent.DEFAULT_TENANT,
            config.baseUrl(),
            config.campaignPath(),
            config.streamId(),
            config.accountId(),
            config.iid(),
            config.jwt().orElse(""));
    this.byName = Map.of(defaultTenant.name(), defaultTenant);
  }

  public KoreTenant resolve(String name) {
    KoreTenant tenant = byName.get(name);
    if (tenant == null) {
      throw new CampaignFailedException(
          FailureReason.UNKNOWN_TENANT,
          "tenant '" + name + "' is not configured; known tenants: " + byName.keySet());
    }
    return tenant;
  }

  public boolean isConfigured(String name) {
    return byName.containsKey(name);
  }

  public Collection<KoreTenant> all() {
    return byName.values();
  }
}
