package io.korebridge.replay;

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

  /** The service's environment variables (README "Configuration") and the client keys they set. */
  static final Map<String, String> ENVIRONMENT = new LinkedHashMap<>();

  /** What the service uses when the environment variable is not set (application.properties). */
  static final Map<String, String> SERVICE_DEFAULTS = new LinkedHashMap<>();

  static {
    ENVIRONMENT.put("KAFKA_BOOTSTRAP_SERVERS", CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    ENVIRONMENT.put("KAFKA_SECURITY_PROTOCOL", CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
    ENVIRONMENT.put("KAFKA_SASL_MECHANISM", SaslConfigs.SASL_MECHANISM);
    ENVIRONMENT.put("KAFKA_SASL_JAAS_CONFIG", SaslConfigs.SASL_JAAS_CONFIG);
    ENVIRONMENT.put("KAFKA_SSL_TRUSTSTORE_LOCATION", SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
    ENVIRONMENT.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
    ENVIRONMENT.put("KAFKA_SSL_TRUSTSTORE_TYPE", SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
    ENVIRONMENT.put("KAFKA_SSL_KEYSTORE_LOCATION", SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
    ENVIRONMENT.put("KAFKA_SSL_KEYSTORE_PASSWORD", SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
    ENVIRONMENT.put("KAFKA_SSL_KEYSTORE_TYPE", SslConfigs.SSL_KEYSTORE_TYPE_CONFIG);
    ENVIRONMENT.put("KAFKA_SSL_KEY_PASSWORD", SslConfigs.SSL_KEY_PASSWORD_CONFIG);
    ENVIRONMENT.put(
        "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM",
        SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);

    SERVICE_DEFAULTS.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    SERVICE_DEFAULTS.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    SERVICE_DEFAULTS.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
    SERVICE_DEFAULTS.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
    SERVICE_DEFAULTS.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
    SERVICE_DEFAULTS.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https");
  }

  private KafkaClientSettings() {}

  /**
   * The client settings the service would use with {@code environment}: its defaults, overridden by
   * each variable that is set and not empty (empty counts as unset, as in the service).
   */
  public static Map<String, Object> fromEnvironment(Map<String, String> environment) {
    Map<String, Object> settings = new LinkedHashMap<>(SERVICE_DEFAULTS);
    ENVIRONMENT.forEach(
        (variable, key) -> {
          String value = environment.get(variable);
          if (value != null && !value.isEmpty()) {
            settings.put(key, value);
          }
        });
    return settings;
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
