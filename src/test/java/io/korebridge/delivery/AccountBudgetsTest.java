package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.kore.KoreConfig;
import io.korebridge.kore.KoreTenants;
import io.korebridge.testsupport.KoreTestConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountBudgetsTest {

  private static final String SECRET = "account-budgets-test-secret-0123456789abcdef";

  @Test
  void tenants_sharing_an_account_share_one_budget_at_the_lowest_limit() {
    Map<String, String> config = base();
    config.put("kore.rate-limit.per-minute", "60");
    tenant(config, "eu", "acc-1", "30");
    tenant(config, "us", "acc-2", null);
    KoreConfig kore = KoreTestConfig.kore(config);
    KoreTenants tenants = new KoreTenants(kore);
    AccountBudgets budgets = new AccountBudgets(kore, tenants);

    AccountBudgets.Account defaults = budgets.of(tenants.resolve("default"));
    AccountBudgets.Account eu = budgets.of(tenants.resolve("eu"));
    AccountBudgets.Account us = budgets.of(tenants.resolve("us"));

    assertThat(eu.budget()).as("same account, same budget").isSameAs(defaults.budget());
    assertThat(eu.budget().limitPerMinute()).isEqualTo(30);
    assertThat(us.budget()).isNotSameAs(defaults.budget());
    assertThat(us.budget().limitPerMinute()).isEqualTo(60);
  }

  @Test
  void a_zero_limit_switches_the_budget_off_only_when_every_tenant_of_the_account_says_so() {
    Map<String, String> config = base();
    config.put("kore.rate-limit.per-minute", "0");
    tenant(config, "eu", "acc-1", "20");
    tenant(config, "free", "acc-3", null);
    KoreConfig kore = KoreTestConfig.kore(config);
    KoreTenants tenants = new KoreTenants(kore);
    AccountBudgets budgets = new AccountBudgets(kore, tenants);

    assertThat(budgets.of(tenants.resolve("default")).budget().limitPerMinute()).isEqualTo(20);
    assertThat(budgets.of(tenants.resolve("free")).limited()).isFalse();
  }

  @Test
  void one_kore_deployment_written_in_different_ways_is_one_account_and_one_budget() {
    Map<String, String> config = base();
    config.put("kore.rate-limit.per-minute", "60");
    config.put("kore.base-url", "https://platform.kore.ai");
    sameAccount(config, "slash", "https://platform.kore.ai/", "30");
    sameAccount(config, "upper-case", "HTTPS://Platform.Kore.AI", null);
    sameAccount(config, "default-port", "https://platform.kore.ai:443//", null);
    sameAccount(config, "other-port", "https://platform.kore.ai:8443", null);
    KoreConfig kore = KoreTestConfig.kore(config);
    KoreTenants tenants = new KoreTenants(kore);
    AccountBudgets budgets = new AccountBudgets(kore, tenants);

    AccountBudgets.Account account = budgets.of(tenants.resolve("default"));
    for (String tenant : new String[] {"slash", "upper-case", "default-port"}) {
      assertThat(budgets.of(tenants.resolve(tenant)).budget())
          .as(tenant)
          .isSameAs(account.budget());
      assertThat(budgets.of(tenants.resolve(tenant)).key()).as(tenant).isEqualTo(account.key());
    }
    assertThat(account.budget().limitPerMinute()).as("the lowest limit of the four").isEqualTo(30);
    assertThat(budgets.of(tenants.resolve("other-port")).budget())
        .as("another port is another deployment")
        .isNotSameAs(account.budget());
  }

  private static void sameAccount(
      Map<String, String> config, String name, String baseUrl, String limit) {
    tenant(config, name, "acc-1", limit);
    config.put("kore.tenants.\"" + name + "\".base-url", baseUrl);
  }

  private static Map<String, String> base() {
    return KoreTestConfig.defaultTenant(SECRET);
  }

  private static void tenant(
      Map<String, String> config, String name, String account, String limit) {
    String prefix = "kore.tenants.\"" + name + "\".";
    config.put(prefix + "account-id", account);
    if (limit != null) {
      config.put(prefix + "rate-limit-per-minute", limit);
    }
  }
}
