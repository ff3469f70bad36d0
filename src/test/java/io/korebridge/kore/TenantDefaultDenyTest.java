package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.testsupport.KoreTestConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Default-deny once there are several tenants: each bound to its topics (or to every topic on
 * purpose) or start-up fails, and an event must name its tenant unless told otherwise; one tenant
 * keeps the zero-configuration start. Tenant names themselves follow the one pattern.
 */
class TenantDefaultDenyTest {

  private static final String SECRET = "s".repeat(32);

  @Test
  void one_tenant_without_topics_accepts_every_topic_and_tenant_less_events() {
    TenantTopicBindings bindings = bindings(KoreTestConfig.defaultTenant(SECRET));

    assertThatCode(() -> bindings.check(null, "any-topic")).doesNotThrowAnyException();
    assertThatCode(() -> bindings.check("default", "other-topic")).doesNotThrowAnyException();
  }

  @Test
  void start_up_refuses_a_second_tenant_bound_to_no_topic() {
    Map<String, String> config = twoTenants();
    config.remove("kore.tenants.\"brand-b\".topics");

    assertThatThrownBy(() -> bindings(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[brand-b] are bound to no request topic")
        .hasMessageContaining("'*' to accept every consumed topic");
  }

  @Test
  void start_up_refuses_the_default_tenant_unbound_next_to_another() {
    Map<String, String> config = twoTenants();
    config.remove("kore.topics");

    assertThatThrownBy(() -> bindings(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[default] are bound to no request topic");
  }

  @Test
  void a_star_binds_a_tenant_to_every_topic_on_purpose() {
    Map<String, String> config = twoTenants();
    config.put("kore.tenants.\"brand-b\".topics", "*");
    TenantTopicBindings bindings = bindings(config);

    assertThatCode(() -> bindings.check("brand-b", "crm-a")).doesNotThrowAnyException();
    assertThatCode(() -> bindings.check("brand-b", "anything")).doesNotThrowAnyException();
    assertThat(reasonOf(() -> bindings.check("default", "crm-b")))
        .isEqualTo(FailureReason.TENANT_NOT_ALLOWED);
  }

  @Test
  void with_several_tenants_an_event_without_one_is_refused_by_default() {
    TenantTopicBindings bindings = bindings(twoTenants());

    assertThatThrownBy(() -> bindings.check(null, "crm-a"))
        .isInstanceOfSatisfying(
            CampaignFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.TENANT_NOT_ALLOWED))
        .hasMessageContaining("names no tenant");
  }

  @Test
  void require_tenant_false_sends_tenant_less_events_to_default_within_its_binding() {
    Map<String, String> config = twoTenants();
    config.put("kore.require-tenant", "false");
    TenantTopicBindings bindings = bindings(config);

    assertThatCode(() -> bindings.check(null, "crm-a")).doesNotThrowAnyException();
    assertThat(reasonOf(() -> bindings.check(null, "crm-b")))
        .isEqualTo(FailureReason.TENANT_NOT_ALLOWED);
  }

  @Test
  void a_refusal_names_neither_the_tenants_topics_nor_other_tenants() {
    TenantTopicBindings bindings = bindings(twoTenants());

    assertThatThrownBy(() -> bindings.check("brand-b", "crm-a"))
        .hasMessage("tenant 'brand-b' does not accept events from topic crm-a");
    assertThatThrownBy(
            () -> new KoreTenants(KoreTestConfig.kore(twoTenants())).resolve("no-such-tenant"))
        .hasMessage("tenant 'no-such-tenant' is not configured");
  }

  @Test
  void start_up_refuses_a_configured_tenant_name_an_event_could_never_use() {
    Map<String, String> config = KoreTestConfig.defaultTenant(SECRET);
    config.put("kore.tenants.\"Brand B\".stream-id", "st-2");

    assertThatThrownBy(() -> new KoreTenants(KoreTestConfig.kore(config)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'Brand B' is not a tenant name");
  }

  private static Map<String, String> twoTenants() {
    Map<String, String> config = KoreTestConfig.defaultTenant(SECRET);
    config.put("kore.topics", "crm-a");
    config.put("kore.tenants.\"brand-b\".stream-id", "st-2");
    config.put("kore.tenants.\"brand-b\".topics", "crm-b");
    return config;
  }

  private static TenantTopicBindings bindings(Map<String, String> config) {
    KoreConfig kore = KoreTestConfig.kore(config);
    return new TenantTopicBindings(kore, new KoreTenants(kore));
  }

  private static FailureReason reasonOf(Runnable check) {
    try {
      check.run();
    } catch (CampaignFailedException e) {
      return e.reason();
    }
    return null;
  }
}
