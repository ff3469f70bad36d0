package io.korebridge.config;

import io.korebridge.kore.KoreConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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

  private static final SmallRyeConfig DEFAULTS = defaults();

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

  private static SmallRyeConfig defaults() {
    // Quarkus' own converter, so that "7d" reads as it does in the service.
    SmallRyeConfigBuilder builder =
        new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter());
    MAPPINGS.forEach(mapping -> builder.withMapping(mapping.getType(), mapping.getPrefix()));
    return builder.build();
  }

  /**
   * The environment variable that sets {@code key}: upper case, every other character {@code _}.
   */
  public static String environmentVariable(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** A properties file of the project (application.properties, the k8s layers). */
  public static Properties properties(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
