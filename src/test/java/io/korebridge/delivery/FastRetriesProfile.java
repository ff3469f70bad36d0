package io.korebridge.delivery;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Short timeouts and backoffs so that retry behaviour can be observed in seconds. */
public class FastRetriesProfile implements QuarkusTestProfile {

  static final int RESPONSE_TIMEOUT_MS = 1500;
  static final int MAX_RETRY_AFTER_MS = 3000;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "kore.http.response-timeout-ms", Integer.toString(RESPONSE_TIMEOUT_MS),
        "kore.retry.initial-backoff-ms", "200",
        "kore.retry.max-backoff-ms", "1000",
        "kore.retry.max-retry-after-ms", Integer.toString(MAX_RETRY_AFTER_MS),
        "kore.retry.max-elapsed-ms", "20000",
        "kore.retry.max-attempts", "5");
  }
}
