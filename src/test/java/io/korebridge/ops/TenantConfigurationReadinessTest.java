package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.kore.KoreTenant;
import io.korebridge.kore.KoreTenants;
import io.korebridge.testsupport.KoreTestConfig;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class TenantConfigurationReadinessTest {

  private static final String SECRET = "client-secret-0123456789-0123456789";

  @Test
  void names_the_missing_settings_of_an_incomplete_tenant() {
    KoreTenant incomplete =
        new KoreTenant(
            "eu",
            "https://k",
            "/api/v2/public/{streamId}/campaign",
            null,
            "acc-1",
            "st-1",
            null,
            null,
            null);

    assertThat(TenantConfigurationReadiness.missingSettings(incomplete))
        .containsExactly("stream-id", "client-id and client-secret, or jwt");
  }

  @Test
  void is_up_when_every_tenant_is_complete_and_never_shows_the_secret() {
    KoreTenants tenants =
        new KoreTenants(
            KoreTestConfig.kore(
                Map.of(
                    "kore.base-url", "https://platform.kore.ai",
                    "kore.stream-id", "st-1",
                    "kore.account-id", "acc-1",
                    "kore.iid", "st-1",
                    "kore.client-id", "cs-1",
                    "kore.client-secret", SECRET)));

    HealthCheckResponse response = new TenantConfigurationReadiness(tenants).call();

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(response.getData().orElseThrow().values().toString()).doesNotContain(SECRET);
  }
}
