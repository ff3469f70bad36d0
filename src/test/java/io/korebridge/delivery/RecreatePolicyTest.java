package io.korebridge.delivery;

import static io.korebridge.testsupport.BridgeTestEnvironment.RECREATE_REQUESTS;
import static io.korebridge.testsupport.BridgeTestEnvironment.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.testsupport.BridgeIntegrationTest;
import io.korebridge.testsupport.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Policy {@code recreate} sends a lost answer's create again: the switch is real. */
@QuarkusTest
@TestProfile(RecreatePolicyProfile.class)
class RecreatePolicyTest extends BridgeIntegrationTest {

  @Test
  void policy_recreate_sends_again_and_duplicates_the_campaign_kore_created() {
    kore.createThenAnswerLate(Duration.ofMillis(LostAnswersProfile.RESPONSE_TIMEOUT_MS * 5L / 2));
    String name = "recreate " + UUID.randomUUID().toString().substring(0, 8);
    String eventId =
        kafka.sendSample(RECREATE_REQUESTS, event -> Samples.campaign(event).put("name", name));

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kore.campaignIdsNamed(name).size() >= 2);
    kore.createThenAnswerLate(Duration.ZERO);

    assertThat(kafka.awaitOutcome(RESULTS, eventId, Duration.ofSeconds(60))).isNotNull();
    assertThat(kore.campaignIdsNamed(name)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(kore.listRequests()).as("no list call under recreate").isEmpty();
  }
}
