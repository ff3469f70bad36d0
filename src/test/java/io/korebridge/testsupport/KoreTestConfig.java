package io.korebridge.testsupport;

import io.korebridge.kore.KoreConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;

/** The {@code kore.*} mapping read from plain properties, the way the service reads its own. */
public final class KoreTestConfig {

  private KoreTestConfig() {}

  /**
   * The least configuration of one default tenant ({@code https://kore.example}, stream and iid
   * {@code st-1}, account {@code acc-1}, client {@code cs-1}) with {@code clientSecret}; a mutable
   * map for the test to add to.
   */
  public static Map<String, String> defaultTenant(String clientSecret) {
    Map<String, String> config = new HashMap<>();
    config.put("kore.base-url", "https://kore.example");
    config.put("kore.stream-id", "st-1");
    config.put("kore.account-id", "acc-1");
    config.put("kore.iid", "st-1");
    config.put("kore.client-id", "cs-1");
    config.put("kore.client-secret", clientSecret);
    return config;
  }

  public static KoreConfig kore(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withMapping(KoreConfig.class)
        .withSources(new PropertiesConfigSource(properties, "test", 100))
        .build()
        .getConfigMapping(KoreConfig.class);
  }

  /** The mapping read from environment variables, the way a container passes them. */
  public static KoreConfig koreFromEnvironment(Map<String, String> variables) {
    return new SmallRyeConfigBuilder()
        .withMapping(KoreConfig.class)
        .withSources(new EnvConfigSource(variables, 300))
        .build()
        .getConfigMapping(KoreConfig.class);
  }
}
