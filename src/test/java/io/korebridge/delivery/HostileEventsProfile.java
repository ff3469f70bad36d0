package io.korebridge.delivery;

import io.korebridge.testsupport.BridgeTestEnvironment;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Outcome topics with Kafka's default-sized 1 MiB limit, and the bridge told so. */
public class HostileEventsProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "campaign.topics.requests", BridgeTestEnvironment.HOSTILE_REQUESTS,
        "campaign.topics.results", BridgeTestEnvironment.TIGHT_RESULTS,
        "campaign.topics.dead-letter", BridgeTestEnvironment.TIGHT_DEAD_LETTER,
        "campaign.outcome.max-bytes", BridgeTestEnvironment.ONE_MIB,
        "campaign.consumer.group-id", "kore-campaign-bridge-hostile");
  }
}
