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
