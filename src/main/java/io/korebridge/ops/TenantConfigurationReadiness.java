package io.korebridge.ops;

import io.korebridge.kore.KoreTenant;
import io.korebridge.kore.KoreTenants;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a tenant lacks a setting its Kore calls need; names the settings, never values.
 */
@Readiness
@ApplicationScoped
public class TenantConfigurationReadiness implements HealthCheck {

  static final String NAME = "kore-tenants";

  private final KoreTenants tenants;

  public TenantConfigurationReadiness(KoreTenants tenants) {
    this.tenants = tenants;
  }

  @Override
  public HealthCheckResponse call() {
    Map<String, List<String>> incomplete = new TreeMap<>();
    for (KoreTenant tenant : tenants.all()) {
      List<String> missing = missingSettings(tenant);
      if (!missing.isEmpty()) {
        incomplete.put(tenant.name(), missing);
      }
    }
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME).status(incomplete.isEmpty());
    response.withData("tenants", tenants.all().size());
    incomplete.forEach((tenant, missing) -> response.withData(tenant, "missing " + missing));
    return response.build();
  }

  static List<String> missingSettings(KoreTenant tenant) {
    List<String> missing = new ArrayList<>();
    require(tenant.baseUrl(), "base-url", missing);
    require(tenant.streamId(), "stream-id", missing);
    require(tenant.accountId(), "account-id", missing);
    require(tenant.iid(), "iid", missing);
    if (!tenant.signsOwnTokens()) {
      require(tenant.jwt(), "client-id and client-secret, or jwt", missing);
    }
    return missing;
  }

  private static void require(String value, String setting, List<String> missing) {
    if (value == null || value.isBlank()) {
      missing.add(setting);
    }
  }
}
