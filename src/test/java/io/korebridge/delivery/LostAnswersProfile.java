package io.korebridge.delivery;

import io.korebridge.testsupport.BridgeTestEnvironment;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Kore answers that come after a 1 s client timeout, and an outage policy short enough that a
 * request whose fate stays unknown gives up within a test.
 */
public class LostAnswersProfile implements QuarkusTestProfile {

  static final int RESPONSE_TIMEOUT_MS = 1000;
  static final int GIVE_UP_AFTER_MS = 8000;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("campaign.topics.requests", BridgeTestEnvironment.LOST_ANSWERS_REQUESTS),
        Map.entry("campaign.consumer.group-id", "lost-answers-bridge"),
        Map.entry("kore.http.response-timeout-ms", Integer.toString(RESPONSE_TIMEOUT_MS)),
        Map.entry("kore.retry.max-attempts", "3"),
        Map.entry("kore.retry.initial-backoff-ms", "200"),
        Map.entry("kore.retry.max-backoff-ms", "500"),
        Map.entry("kore.retry.max-elapsed-ms", "3000"),
        Map.entry("kore.outage.pause-ms", "1000"),
        Map.entry("kore.outage.give-up-after-ms", Integer.toString(GIVE_UP_AFTER_MS)),
        Map.entry("kore.reconcile.name-exists-status", "409"));
  }
}
