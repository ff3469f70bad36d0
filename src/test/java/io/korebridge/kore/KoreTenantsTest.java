package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.testsupport.KoreTestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tenants from configuration: defaults, overrides, credentials and the start-up checks. */
class KoreTenantsTest {

  private static final String SECRET = "default-secret-0123456789-0123456789";
  private static final String EU_SECRET = "eu-secret-0123456789-0123456789-0123";

  @Test
  void top_level_keys_are_the_default_tenant_and_the_defaults_of_named_tenants() {
    Map<String, String> config = defaults();
    config.put("kore.tenants.\"eu\".account-id", "acc-eu");
    config.put("kore.tenants.\"eu\".stream-id", "st-eu");
    config.put("kore.tenants.\"eu\".client-id", "cs-eu");
    config.put("kore.tenants.\"eu\".client-secret", EU_SECRET);

    KoreTenants tenants = new KoreTenants(KoreTestConfig.kore(config));

    KoreTenant fallback = tenants.resolve("default");
    assertThat(fallback.accountId()).isEqualTo("acc-1");
    assertThat(fallback.clientId()).isEqualTo("cs-1");
    KoreTenant eu = tenants.resolve("eu");
    assertThat(eu.baseUrl()).isEqualTo("https://kore.example");
    assertThat(eu.campaignPath()).isEqualTo("/api/v2/public/{streamId}/campaign");
    assertThat(eu.accountId()).isEqualTo("acc-eu");
    assertThat(eu.streamId()).isEqualTo("st-eu");
    assertThat(eu.iid()).as("inherited").isEqualTo("st-1");
    assertThat(eu.clientId()).isEqualTo("cs-eu");
    assertThat(eu.clientSecret()).isEqualTo(EU_SECRET);
    assertThat(eu.toString()).doesNotContain(EU_SECRET);
  }

  @Test
  void a_tenant_without_credentials_of_its_own_uses_the_top_level_ones() {
    Map<String, String> config = defaults();
    config.put("kore.tenants.\"bot2\".stream-id", "st-2");

    KoreTenant bot2 = new KoreTenants(KoreTestConfig.kore(config)).resolve("bot2");

    assertThat(bot2.clientId()).isEqualTo("cs-1");
    assertThat(bot2.clientSecret()).isEqualTo(SECRET);
  }

  @Test
  void an_unknown_tenant_is_unknown_tenant() {
    KoreTenants tenants = new KoreTenants(KoreTestConfig.kore(defaults()));

    assertThatThrownBy(() -> tenants.resolve("nope"))
        .isInstanceOfSatisfying(
            CampaignFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.UNKNOWN_TENANT));
  }

  @Test
  void an_incomplete_named_tenant_stops_start_up_naming_the_missing_key() {
    Map<String, String> config = new HashMap<>();
    config.put("kore.base-url", "https://kore.example");
    config.put("kore.tenants.\"eu\".stream-id", "st-eu");
    config.put("kore.tenants.\"eu\".iid", "st-eu");
    config.put("kore.tenants.\"eu\".client-id", "cs-eu");
    config.put("kore.tenants.\"eu\".client-secret", EU_SECRET);

    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(config)))
        .hasMessageContaining("'eu'")
        .hasMessageContaining("kore.tenants.\"eu\".account-id");
  }

  @Test
  void a_client_id_without_a_secret_stops_start_up() {
    Map<String, String> config = defaults();
    config.put("kore.tenants.\"eu\".client-id", "cs-eu");

    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(config)))
        .hasMessageContaining("kore.tenants.\"eu\".client-secret");
  }

  @Test
  void a_secret_shorter_than_32_bytes_is_refused_without_showing_it() {
    Map<String, String> config = defaults();
    config.put("kore.client-secret", "only-31-bytes-long-secret-01234");

    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(config)))
        .hasMessageContaining("kore.client-secret")
        .hasMessageContaining("31 bytes")
        .hasMessageNotContaining("only-31-bytes");
  }

  @Test
  void the_secret_can_come_from_a_file_without_its_trailing_newline(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("client-secret");
    Files.writeString(file, EU_SECRET + "\n");
    Map<String, String> config = defaults();
    config.remove("kore.client-secret");
    config.put("kore.client-secret-file", file.toString());

    assertThat(new KoreTenants(KoreTestConfig.kore(config)).resolve("default").clientSecret())
        .isEqualTo(EU_SECRET);
  }

  @Test
  void a_pre_issued_jwt_can_come_from_a_file_without_its_trailing_newline(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("jwt");
    Files.writeString(file, "pre.issued.jwt\n");
    Map<String, String> config = defaults();
    config.remove("kore.client-id");
    config.remove("kore.client-secret");
    config.put("kore.jwt-file", file.toString());

    KoreTenant tenant = new KoreTenants(KoreTestConfig.kore(config)).resolve("default");

    assertThat(tenant.signsOwnTokens()).isFalse();
    assertThat(tenant.jwt()).isEqualTo("pre.issued.jwt");
  }

  @Test
  void a_named_tenant_with_only_a_jwt_file_uses_it_and_no_top_level_credentials(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("eu-jwt");
    Files.writeString(file, "eu.pre.issued\n");
    Map<String, String> config = defaults();
    config.put("kore.tenants.\"eu\".jwt-file", file.toString());

    KoreTenant eu = new KoreTenants(KoreTestConfig.kore(config)).resolve("eu");

    assertThat(eu.jwt()).isEqualTo("eu.pre.issued");
    assertThat(eu.signsOwnTokens()).as("credentials are taken as a unit").isFalse();
    assertThat(eu.clientId()).isNull();
  }

  @Test
  void a_jwt_and_a_jwt_file_together_stop_start_up(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jwt");
    Files.writeString(file, "from.the.file");
    Map<String, String> config = defaults();
    config.remove("kore.client-id");
    config.remove("kore.client-secret");
    config.put("kore.jwt", "from.the.key");
    config.put("kore.jwt-file", file.toString());

    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(config)))
        .hasMessageContaining("kore.jwt and kore.jwt-file")
        .hasMessageNotContaining("from.the");
  }

  @Test
  void a_missing_or_empty_secret_file_stops_start_up_naming_the_key(@TempDir Path dir)
      throws Exception {
    Map<String, String> missing = defaults();
    missing.put("kore.tenants.\"eu\".jwt-file", dir.resolve("absent").toString());
    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(missing)))
        .hasMessageContaining("kore.tenants.\"eu\".jwt-file");

    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    Map<String, String> blank = defaults();
    blank.remove("kore.client-secret");
    blank.put("kore.client-secret-file", empty.toString());
    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(blank)))
        .hasMessageContaining("kore.client-secret-file")
        .hasMessageContaining("empty");
  }

  @Test
  void named_tenants_can_be_configured_entirely_from_environment_variables() {
    Map<String, String> env = new HashMap<>();
    env.put("KORE_BASE_URL", "https://kore.example");
    env.put("KORE_STREAM_ID", "st-1");
    env.put("KORE_ACCOUNT_ID", "acc-1");
    env.put("KORE_IID", "st-1");
    env.put("KORE_CLIENT_ID", "cs-1");
    env.put("KORE_CLIENT_SECRET", SECRET);
    env.put("KORE_TENANTS__EU__ACCOUNT_ID", "acc-eu");
    env.put("KORE_TENANTS__EU__CLIENT_ID", "cs-eu");
    env.put("KORE_TENANTS__EU__CLIENT_SECRET", EU_SECRET);

    KoreTenant eu = new KoreTenants(KoreTestConfig.koreFromEnvironment(env)).resolve("eu");

    assertThat(eu.accountId()).isEqualTo("acc-eu");
    assertThat(eu.clientId()).isEqualTo("cs-eu");
    assertThat(eu.clientSecret()).isEqualTo(EU_SECRET);
    assertThat(eu.streamId()).isEqualTo("st-1");
  }

  @Test
  void a_pre_issued_jwt_alone_is_enough() {
    Map<String, String> config = defaults();
    config.remove("kore.client-id");
    config.remove("kore.client-secret");
    config.put("kore.jwt", "pre.issued.jwt");

    KoreTenant tenant = new KoreTenants(KoreTestConfig.kore(config)).resolve("default");

    assertThat(tenant.signsOwnTokens()).isFalse();
    assertThat(tenant.jwt()).isEqualTo("pre.issued.jwt");
  }

  @Test
  void no_tenant_at_all_stops_start_up() {
    assertThatThrownBy(
            () -> new KoreTenants(KoreTestConfig.kore(Map.of("kore.base-url", "https://k"))))
        .hasMessageContaining("no Kore tenant is configured");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080",
        "http://LOCALHOST",
        "http://127.0.0.1:9",
        "http://127.10.20.30",
        "http://[::1]:8080",
        "https://kore.example",
        "https://10.0.0.5"
      })
  void https_anywhere_and_plain_http_to_loopback_hosts_start(String baseUrl) {
    Map<String, String> config = defaults();
    config.put("kore.base-url", baseUrl);

    KoreTenants tenants = new KoreTenants(KoreTestConfig.kore(config));

    assertThat(tenants.resolve("default").insecureTransport()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://kore.example",
        "http://platform.kore.ai:80",
        "http://10.0.0.5",
        "http://128.0.0.1",
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io",
        "http://[::2]"
      })
  void plain_http_to_another_host_stops_start_up_naming_the_tenant_and_the_setting(String baseUrl) {
    Map<String, String> config = defaults();
    config.put("kore.tenants.\"eu\".base-url", baseUrl);

    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(config)))
        .hasMessageContaining("'eu'")
        .hasMessageContaining("kore.allow-insecure-http");
  }

  @Test
  void allow_insecure_http_lets_such_a_tenant_start_and_names_it_as_insecure() {
    Map<String, String> config = defaults();
    config.put("kore.tenants.\"eu\".base-url", "http://kore-sidecar.internal:8080");
    config.put("kore.allow-insecure-http", "true");

    KoreTenants tenants = new KoreTenants(KoreTestConfig.kore(config));

    assertThat(KoreTenants.insecureTenants(tenants.all(), true)).containsExactly("eu");
    assertThat(tenants.resolve("default").insecureTransport()).isFalse();
  }

  @Test
  void insecure_http_is_off_by_default() {
    assertThat(KoreTestConfig.kore(defaults()).allowInsecureHttp()).isFalse();
  }

  @Test
  void a_base_url_that_is_not_http_or_https_stops_start_up() {
    Map<String, String> config = defaults();
    config.put("kore.base-url", "ftp://kore.example");

    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(config)))
        .hasMessageContaining("must be https://");
  }

  private static Map<String, String> defaults() {
    return KoreTestConfig.defaultTenant(SECRET);
  }
}
