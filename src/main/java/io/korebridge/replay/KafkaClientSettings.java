package io.korebridge.replay;

import io.korebridge.config.KafkaConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The Kafka client settings of the replay: the service's own environment variables (with the
 * service's defaults), then a standard Kafka client properties file, so that no secret has to be
 * given on the command line.
 */
public final class KafkaClientSettings {

  private KafkaClientSettings() {}

  /**
   * The client settings the service would use with {@code environment}: its {@code kafka.*} keys
   * read through the service's own mapping, so defaults and the environment-variable names are the
   * service's (an empty variable counts as unset).
   */
  public static Map<String, Object> fromEnvironment(Map<String, String> environment) {
    KafkaConfig kafka =
        new SmallRyeConfigBuilder()
            .withMapping(KafkaConfig.class)
            .withSources(new EnvConfigSource(withoutEmptyValues(environment), 300))
            .build()
            .getConfigMapping(KafkaConfig.class);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, kafka.securityProtocol());
    settings.put(SaslConfigs.SASL_MECHANISM, kafka.sasl().mechanism());
    kafka.sasl().jaasConfig().ifPresent(v -> settings.put(SaslConfigs.SASL_JAAS_CONFIG, v));
    KafkaConfig.Ssl ssl = kafka.ssl();
    ssl.truststoreLocation()
        .ifPresent(v -> settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, v));
    ssl.truststorePassword()
        .ifPresent(v -> settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, v));
    settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, ssl.truststoreType());
    ssl.keystoreLocation().ifPresent(v -> settings.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, v));
    ssl.keystorePassword().ifPresent(v -> settings.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, v));
    settings.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, ssl.keystoreType());
    ssl.keyPassword().ifPresent(v -> settings.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, v));
    settings.put(
        SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
        ssl.endpointIdentificationAlgorithm());
    return settings;
  }

  private static Map<String, String> withoutEmptyValues(Map<String, String> environment) {
    Map<String, String> set = new LinkedHashMap<>(environment);
    set.values().removeIf(String::isEmpty);
    return set;
  }

  /** A Kafka client properties file, as Kafka's own tools read it ({@code --command-config}). */
  public static Map<String, Object> fromFile(Path file) throws IOException {
    Properties properties = new Properties();
    // UTF-8 rather than Properties' ISO-8859-1 default, so non-ASCII passwords survive.
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
    return settings;
  }

  /**
   * Whether {@code key} holds a secret: a SASL login, anything named like a password, or a setting
   * Kafka itself types as a password (which covers e.g. {@code ssl.keystore.key}).
   */
  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains(SaslConfigs.SASL_JAAS_CONFIG)
        || isPasswordType(ConsumerConfig.configDef(), key)
        || isPasswordType(ProducerConfig.configDef(), key);
  }

  private static boolean isPasswordType(ConfigDef definition, String key) {
    ConfigDef.ConfigKey known = definition.configKeys().get(key);
    return known != null && known.type == ConfigDef.Type.PASSWORD;
  }
}
