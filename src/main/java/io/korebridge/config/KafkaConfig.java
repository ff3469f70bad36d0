package io.korebridge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where Kafka is and how to reach it: the {@code kafka.*} keys. {@code application.properties}
 * hands them to Camel's Kafka component, which gives them to every client the bridge makes.
 */
@ConfigMapping(prefix = "kafka")
public interface KafkaConfig {

  @WithDefault("localhost:9092")
  String bootstrapServers();

  /** {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}. */
  @WithDefault("PLAINTEXT")
  String securityProtocol();

  Sasl sasl();

  Ssl ssl();

  interface Sasl {
    @WithDefault("SCRAM-SHA-512")
    String mechanism();

    /** The JAAS login line with the credentials; from a Secret. */
    Optional<String> jaasConfig();
  }

  interface Ssl {
    Optional<String> truststoreLocation();

    Optional<String> truststorePassword();

    @WithDefault("PKCS12")
    String truststoreType();

    Optional<String> keystoreLocation();

    Optional<String> keystorePassword();

    Optional<String> keyPassword();

    @WithDefault("PKCS12")
    String keystoreType();

    /** {@code https}: the brokers' host names are verified against their certificates. */
    @WithDefault("https")
    String endpointIdentificationAlgorithm();
  }
}
