package io.korebridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.kore.KoreConfig;
import io.korebridge.kore.KoreTenants;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class TenantConfigurationReadinessTest {

  @Test
  void is_down_naming_the_missing_setting_when_a_tenant_has_no_token() {
    HealthCheckResponse response =
        new TenantConfigurationReadiness(new KoreTenants(config(Optional.empty()))).call();

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(response.getData().orElseThrow()).containsEntry("default", "missing [jwt]");
  }

  @Test
  void is_up_when_every_tenant_is_complete_and_never_shows_the_token() {
    HealthCheckResponse response =
        new TenantConfigurationReadiness(new KoreTenants(config(Optional.of("secret-jwt")))).call();

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(response.getData().orElseThrow().values()).doesNotContain("secret-jwt");
  }

  private static KoreConfig config(Optional<String> jwt) {
    return new KoreConfig() {
      @Override
      public String baseUrl() {
        return "https://platform.kore.ai";
      }

      @Override
      public String campaignPath() {
        return "/api/v2/public/{streamId}/campaign";
      }

      @Override
      public String streamId() {
        return "st-1";
      }

      @Override
      public String accountId() {
        return "acc-1";
      }

      @Override
      public String iid() {
        return "st-1";
      }

      @Override
      public Optional<String> jwt() {
        return jwt;
      }

      @Override
      public Http http() {
        return null;
      }
    };
  }
}
