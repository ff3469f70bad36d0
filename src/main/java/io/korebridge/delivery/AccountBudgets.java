package io.korebridge.delivery;

import io.korebridge.kore.KoreConfig;
import io.korebridge.kore.KoreTenant;
import io.korebridge.kore.KoreTenants;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One call budget per Kore account (normalised base URL + account id), shared by every tenant on
 * it. When tenants on one account are configured with different limits, the lowest wins (0, no
 * budget, only when all say 0) and start-up warns.
 */
public final class AccountBudgets {

  private static final Logger LOG = Logger.getLogger(AccountBudgets.class);

  /** An account's budget; {@code budget} is null when the account has none. */
  public record Account(String key, AccountCallBudget budget) {
    public boolean limited() {
      return budget != null;
    }
  }

  private final Map<String, Account> byTenant = new ConcurrentHashMap<>();
  private final Map<String, Account> byAccount = new ConcurrentHashMap<>();
  private final Map<String, Integer> limitByAccount = new TreeMap<>();

  public AccountBudgets(KoreConfig config, KoreTenants tenants) {
    Map<String, Map<String, Integer>> limitsByAccount = new TreeMap<>();
    for (KoreTenant tenant : tenants.all()) {
      limitsByAccount
          .computeIfAbsent(accountKey(tenant), key -> new TreeMap<>())
          .put(tenant.name(), limitOf(config, tenant.name()));
    }
    limitsByAccount.forEach(
        (account, limits) -> {
          int lowest =
              limits.values().stream().filter(limit -> limit > 0).min(Integer::compare).orElse(0);
          limitByAccount.put(account, lowest);
          if (limits.values().stream().distinct().count() > 1) {
            LOG.warnf(
                "Tenants %s share Kore account %s but set different rate limits; the account's"
                    + " budget is the lowest, %d calls per minute",
                limits, account, lowest);
          }
        });
  }

  /** The budget the tenant's calls are paced by. */
  public Account of(KoreTenant tenant) {
    return byTenant.computeIfAbsent(
        tenant.name(),
        name -> {
          String key = accountKey(tenant);
          int limit = limitByAccount.getOrDefault(key, 0);
          return shared(key, limit);
        });
  }

  private Account shared(String key, int limit) {
    return byAccount.computeIfAbsent(
        key, k -> new Account(k, limit > 0 ? new AccountCallBudget(limit, k.hashCode()) : null));
  }

  static int limitOf(KoreConfig config, String tenantName) {
    KoreConfig.NamedTenant named = config.tenants().get(tenantName);
    return named == null
        ? config.rateLimit().perMinute()
        : named.rateLimitPerMinute().orElse(config.rateLimit().perMinute());
  }

  static String accountKey(KoreTenant tenant) {
    return normalisedBaseUrl(tenant.baseUrl()) + "|" + tenant.accountId();
  }

  /**
   * The base URL as one Kore deployment is named however it is written: scheme and host in lower
   * case, the scheme's default port dropped, no trailing slash ({@code https://Kore.ai:443/} is
   * {@code https://kore.ai}). A value that is not a URL is kept as written.
   */
  static String normalisedBaseUrl(String baseUrl) {
    if (baseUrl == null) {
      return "";
    }
    URI url;
    try {
      url = new URI(baseUrl.trim());
    } catch (URISyntaxException notAUrl) {
      return baseUrl.trim();
    }
    if (url.getScheme() == null || url.getHost() == null) {
      return baseUrl.trim();
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
    return scheme
        + "://"
        + url.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port)
        + path;
  }
}
