package io.korebridge.delivery;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A consumer that must poll every 4 s, and a Kore outage policy sized for a test. */
public class KoreOutageProfile implements QuarkusTestProfile {

  static final int MAX_POLL_INTERVAL_MS = 4000;
  static final String GROUP_ID = "outage-test-bridge";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("campaign.consumer.group-id", GROUP_ID),
        // With a 4 s poll interval the default budget (a call a second) would itself outlast a
        // poll of several records; budget waits are RateBudgetTest's subject.
        Map.entry("kore.rate-limit.per-minute", "0"),
        Map.entry("campaign.consumer.max-poll-interval-ms", Integer.toString(MAX_POLL_INTERVAL_MS)),
        Map.entry("kore.http.connect-timeout-ms", "500"),
        Map.entry("kore.http.response-timeout-ms", "1000"),
        Map.entry("kore.retry.max-attempts", "3"),
        Map.entry("kore.retry.initial-backoff-ms", "200"),
        Map.entry("kore.retry.max-backoff-ms", "500"),
        Map.entry("kore.retry.max-elapsed-ms", "1500"),
        Map.entry("kore.outage.pause-ms", "1000"),
        Map.entry("kore.outage.give-up-after-ms", "60000"));
  }
}
