package io.korebridge.config;

import io.korebridge.kore.KoreConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's configuration keys as its {@code @ConfigMapping} interfaces declare them, read with
 * SmallRye Config's own mapping model: the one source tests compare documents and manifests with.
 */
public final class ServiceConfiguration {

  static final List<ConfigClass> MAPPINGS =
      List.of(
          ConfigClass.configClass(CampaignConfig.class, "campaign"),
          ConfigClass.configClass(KafkaConfig.class, "kafka"),
          ConfigClass.configClass(KoreConfig.class, "kore"));

  private ServiceConfiguration() {}

  /** Every key by its full name; map entries appear with {@code *} for the map key. */
  public static Map<String, Property> keys() {
    Map<String, Property> keys = new TreeMap<>();
    // A list is one key (comma-separated values); SmallRye names it "key[*]".
    MAPPINGS.forEach(
        mapping ->
            ConfigMappings.getProperties(mapping)
                .forEach((name, property) -> keys.put(name.replace("[*]", ""), property)));
    return keys;
  }

  /** The default of {@code key}, as the service resolves it with nothing configured. */
  public static String defaultOf(String key) {
    return DEFAULTS.getRawValue(key);
  }

  private static final SmallRyeConfig DEFAULTS = defaults();

  private static SmallRyeConfig defaults() {
    // Quarkus' own converter, so that "7d" reads as it does in the service.
    SmallRyeConfigBuilder builder =
        new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter());
    MAPPINGS.forEach(mapping -> builder.withMapping(mapping.getType(), mapping.getPrefix()));
    return builder.build();
  }
}
