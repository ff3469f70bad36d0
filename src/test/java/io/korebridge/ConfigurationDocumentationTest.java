package io.korebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.config.ServiceConfiguration;
import io.smallrye.config.ConfigMappingInterface.Property;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/configuration.md, application.properties and the k8s properties agree with the keys the
 * {@code @ConfigMapping} interfaces declare, and with their defaults.
 */
class ConfigurationDocumentationTest {

  private static final Pattern ROW =
      Pattern.compile("(?m)^\\| `([^`]+)` \\| `([^`]+)` \\| (?:`([^`]*)`|\\(([a-z ]+)\\)) \\|");
  private static final String TENANT_ROW = "kore.tenants.\"<name>\".*";
  private static final String TENANT_KEYS = "kore.tenants.*.";
  private static final List<String> SERVICE_PREFIXES = List.of("campaign.", "kafka.", "kore.");

  private final Map<String, Property> keys = ServiceConfiguration.keys();
  private final Map<String, Row> documented = documentedRows();

  record Row(String environmentVariable, String defaultValue, String noDefault, String line) {}

  @Test
  void every_declared_key_is_documented_with_its_environment_variable_and_default() {
    assertThat(keys).containsKeys("campaign.delivery.in-flight", "kafka.bootstrap-servers");
    keys.forEach(
        (key, property) -> {
          if (key.startsWith(TENANT_KEYS)) {
            return;
          }
          assertThat(documented).as("docs/configuration.md row for %s", key).containsKey(key);
          Row row = documented.get(key);
          assertThat(row.environmentVariable())
              .as(key)
              .isEqualTo(ServiceConfiguration.environmentVariable(key));
          if (property.hasDefaultValue()) {
            assertThat(row.defaultValue())
                .as("default of %s", key)
                .isEqualTo(property.getDefaultValue());
            assertThat(ServiceConfiguration.defaultOf(key)).isEqualTo(property.getDefaultValue());
          } else {
            assertThat(row.noDefault()).as("%s has no default", key).isNotNull();
          }
        });
  }

  @Test
  void every_documented_service_key_is_declared_by_a_mapping() {
    assertThat(documented.keySet())
        .filteredOn(key -> SERVICE_PREFIXES.stream().anyMatch(key::startsWith))
        .filteredOn(key -> !key.equals(TENANT_ROW))
        .hasSizeGreaterThan(40)
        .allSatisfy(key -> assertThat(keys).as("a mapping declares %s", key).containsKey(key));
  }

  @Test
  void the_tenant_row_names_every_key_a_tenant_can_set() {
    List<String> tenantKeys =
        keys.keySet().stream()
            .filter(key -> key.startsWith(TENANT_KEYS))
            .map(key -> key.substring(TENANT_KEYS.length()))
            .toList();
    assertThat(tenantKeys).contains("stream-id", "rate-limit-per-minute", "topics");
    assertThat(documented).containsKey(TENANT_ROW);
    assertThat(tenantKeys)
        .allSatisfy(key -> assertThat(documented.get(TENANT_ROW).line()).contains("`" + key + "`"));
  }

  @Test
  void application_properties_only_wires_declared_keys_into_camel_and_quarkus() {
    Properties wiring = ServiceConfiguration.properties(Path.of("application.properties"));
    assertThat(wiring.stringPropertyNames())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(key).matches("(%[a-z]+\\.)?(camel|quarkus)\\..*"));
    Matcher placeholder = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}").matcher("");
    List<String> referenced =
        wiring.values().stream()
            .flatMap(value -> placeholder.reset(value.toString()).results())
            .map(match -> match.group(1))
            .toList();
    assertThat(referenced)
        .contains("campaign.delivery.in-flight", "kafka.bootstrap-servers", "campaign.routes")
        .allSatisfy(key -> assertThat(keys).as("a mapping declares %s", key).containsKey(key));
  }

  @Test
  void documented_framework_keys_show_the_value_application_properties_sets() {
    Properties wiring = ServiceConfiguration.properties(Path.of("application.properties"));
    assertThat(documented.keySet())
        .filteredOn(key -> key.startsWith("quarkus."))
        .isNotEmpty()
        .allSatisfy(
            key -> {
              assertThat(documented.get(key).environmentVariable())
                  .isEqualTo(ServiceConfiguration.environmentVariable(key));
              assertThat(documented.get(key).defaultValue()).isEqualTo(wiring.getProperty(key));
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void deployment_properties_set_only_declared_keys_to_values_that_differ(String layer) {
    Path file = Path.of("k8s", layer, "application.properties");
    if (!layer.equals("base") && !Files.exists(file)) {
      return; // an overlay with nothing to change has no file
    }
    Properties base =
        ServiceConfiguration.properties(Path.of("k8s", "base", "application.properties"));
    Properties settings = ServiceConfiguration.properties(file);
    assertThat(settings.stringPropertyNames()).as(file.toString()).isNotEmpty();
    settings
        .stringPropertyNames()
        .forEach(
            key -> {
              assertThat(keys).as("%s sets an undeclared key", file).containsKey(key);
              String inherited =
                  layer.equals("base")
                      ? ServiceConfiguration.defaultOf(key)
                      : base.getProperty(key, ServiceConfiguration.defaultOf(key));
              assertThat(settings.getProperty(key))
                  .as("%s repeats what %s already is", file, key)
                  .isNotEqualTo(inherited);
            });
  }

  private static Map<String, Row> documentedRows() {
    String doc;
    try {
      doc = Files.readString(Path.of("docs", "configuration.md"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    Matcher row = ROW.matcher(doc);
    while (row.find()) {
      int end = doc.indexOf('\n', row.start());
      String line = doc.substring(row.start(), end < 0 ? doc.length() : end);
      Row previous =
          rows.put(row.group(1), new Row(row.group(2), row.group(3), row.group(4), line));
      assertThat(previous).as("%s documented twice", row.group(1)).isNull();
    }
    return rows;
  }
}
