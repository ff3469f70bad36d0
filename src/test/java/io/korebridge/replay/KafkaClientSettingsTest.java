package io.korebridge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaClientSettingsTest {

  @Test
  void uses_the_services_defaults_without_environment() {
    assertThat(KafkaClientSettings.fromEnvironment(Map.of()))
        .containsEntry("bootstrap.servers", "localhost:9092")
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.type", "PKCS12")
        .doesNotContainKeys("sasl.jaas.config", "ssl.truststore.location");
  }

  @Test
  void maps_every_service_variable_to_its_client_setting_and_ignores_empty_ones() {
    Map<String, Object> settings =
        KafkaClientSettings.fromEnvironment(
            Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093"),
                Map.entry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                Map.entry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256"),
                Map.entry("KAFKA_SASL_JAAS_CONFIG", "jaas"),
                Map.entry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/ca.p12"),
                Map.entry("KAFKA_SSL_TRUSTSTORE_PASSWORD", "tp"),
                Map.entry("KAFKA_SSL_TRUSTSTORE_TYPE", "JKS"),
                Map.entry("KAFKA_SSL_KEYSTORE_LOCATION", "/user.p12"),
                Map.entry("KAFKA_SSL_KEYSTORE_PASSWORD", "kp"),
                Map.entry("KAFKA_SSL_KEYSTORE_TYPE", "PEM"),
                Map.entry("KAFKA_SSL_KEY_PASSWORD", "k"),
                Map.entry("KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", ""),
                Map.entry("UNRELATED", "x")));

    assertThat(settings)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("bootstrap.servers", "kafka:9093"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-256"),
                Map.entry("sasl.jaas.config", "jaas"),
                Map.entry("ssl.truststore.location", "/ca.p12"),
                Map.entry("ssl.truststore.password", "tp"),
                Map.entry("ssl.truststore.type", "JKS"),
                Map.entry("ssl.keystore.location", "/user.p12"),
                Map.entry("ssl.keystore.password", "kp"),
                Map.entry("ssl.keystore.type", "PEM"),
                Map.entry("ssl.key.password", "k"),
                Map.entry("ssl.endpoint.identification.algorithm", "https")));
  }

  @Test
  void reads_a_properties_file_as_utf8() throws Exception {
    Path file = Files.createTempFile("kafka", ".properties");
    Files.writeString(file, "sasl.jaas.config=x password=\"Grüße\";\n# comment\nclient.id = a\n");

    assertThat(KafkaClientSettings.fromFile(file))
        .containsOnly(
            Map.entry("sasl.jaas.config", "x password=\"Grüße\";"), Map.entry("client.id", "a"));
  }

  @ParameterizedTest(name = "{0} secret: {1}")
  @CsvSource({
    "sasl.jaas.config, true",
    "ssl.truststore.password, true",
    "ssl.key.password, true",
    "ssl.keystore.key, true",
    "basic.auth.user.PASSWORD, true",
    "security.protocol, false",
    "ssl.truststore.location, false",
    "client.id, false"
  })
  void knows_which_settings_hold_secrets(String setting, boolean secret) {
    assertThat(KafkaClientSettings.isSecret(setting)).isEqualTo(secret);
  }
}
