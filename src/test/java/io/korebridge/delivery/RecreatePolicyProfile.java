package io.korebridge.delivery;

import io.korebridge.testsupport.BridgeTestEnvironment;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** {@link LostAnswersProfile} with {@code kore.reconcile.policy=recreate}. */
public class RecreatePolicyProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(new LostAnswersProfile().getConfigOverrides());
    config.put("campaign.topics.requests", BridgeTestEnvironment.RECREATE_REQUESTS);
    config.put("campaign.consumer.group-id", "recreate-policy-bridge");
    config.put("kore.reconcile.policy", "recreate");
    return config;
  }
}
