package io.korebridge.testsupport;

import io.korebridge.kore.KoreConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** The {@code kore.*} mapping read from plain properties, the way the service reads its own. */
public final class KoreTestConfig {

  private KoreTestConfig() {}

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
