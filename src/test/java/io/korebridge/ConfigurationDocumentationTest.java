package io.korebridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Every service key in application.properties is documented in docs/configuration.md with its env
 * form.
 */
class ConfigurationDocumentationTest {

  @Test
  void every_service_key_is_in_the_readme_with_its_environment_variable_and_default()
      throws Exception {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
      properties.load(in);
    }
    String readme = Files.readString(Path.of("docs", "configuration.md"));

    assertThat(properties.stringPropertyNames())
        .filteredOn(key -> !key.startsWith("camel.") && !key.startsWith("quarkus."))
        .isNotEmpty()
        .allSatisfy(
            key ->
                assertThat(readme)
                    .contains(
                        "| `"
                            + key
                            + "` | `"
                            + environmentVariable(key)
                            + "` | `"
                            + properties.getProperty(key)
                            + "` |"));
  }

  private static String environmentVariable(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
