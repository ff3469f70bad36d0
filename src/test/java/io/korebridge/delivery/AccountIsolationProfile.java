package io.korebridge.delivery;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Short retries and holds, a call budget per account, and a low cap on Kore's Retry-After. */
public class AccountIsolationProfile implements QuarkusTestProfile {

  static final int MAX_RETRY_AFTER_MS = 2000;
  static final int OUTAGE_PAUSE_MS = 1000;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("campaign.consumer.group-id", "account-isolation-test-bridge"),
        // A budget, so that a 429's push-back of the account's calls is in play.
        Map.entry("kore.rate-limit.per-minute", "600"),
        Map.entry("kore.http.connect-timeout-ms", "500"),
        Map.entry("kore.http.response-timeout-ms", "1000"),
        Map.entry("kore.retry.max-attempts", "3"),
        Map.entry("kore.retry.initial-backoff-ms", "200"),
        Map.entry("kore.retry.max-backoff-ms", "500"),
        Map.entry("kore.retry.max-retry-after-ms", Integer.toString(MAX_RETRY_AFTER_MS)),
        Map.entry("kore.retry.max-elapsed-ms", "10000"),
        Map.entry("kore.outage.pause-ms", Integer.toString(OUTAGE_PAUSE_MS)),
        Map.entry("kore.outage.give-up-after-ms", "300000"));
  }
}
