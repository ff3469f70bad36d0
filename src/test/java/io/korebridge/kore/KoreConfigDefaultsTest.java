package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.testsupport.KoreTestConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The defaults written on KoreConfig are the ones application.properties documents. */
class KoreConfigDefaultsTest {

  @Test
  void annotation_defaults_equal_the_documented_defaults() throws Exception {
    Properties documented = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
      documented.load(in);
    }
    KoreConfig defaults = KoreTestConfig.kore(Map.of("kore.base-url", "https://k"));

    Map<String, Object> actual =
        Map.ofEntries(
            Map.entry("kore.campaign-path", defaults.campaignPath()),
            Map.entry("kore.http.connect-timeout-ms", defaults.http().connectTimeoutMs()),
            Map.entry("kore.http.response-timeout-ms", defaults.http().responseTimeoutMs()),
            Map.entry("kore.retry.max-attempts", defaults.retry().maxAttempts()),
            Map.entry("kore.retry.initial-backoff-ms", defaults.retry().initialBackoffMs()),
            Map.entry("kore.retry.max-backoff-ms", defaults.retry().maxBackoffMs()),
            Map.entry("kore.retry.max-retry-after-ms", defaults.retry().maxRetryAfterMs()),
            Map.entry("kore.retry.max-elapsed-ms", defaults.retry().maxElapsedMs()),
            Map.entry("kore.outage.pause-ms", defaults.outage().pauseMs()),
            Map.entry("kore.outage.give-up-after-ms", defaults.outage().giveUpAfterMs()),
            Map.entry("kore.rate-limit.per-minute", defaults.rateLimit().perMinute()),
            Map.entry("kore.rate-limit.push-back-ms", defaults.rateLimit().pushBackMs()),
            Map.entry("kore.token.subject", defaults.token().subject()),
            Map.entry("kore.token.lifetime-seconds", defaults.token().lifetimeSeconds()));

    actual.forEach(
        (key, value) ->
            assertThat(String.valueOf(value)).as(key).isEqualTo(documented.getProperty(key)));
  }
}
