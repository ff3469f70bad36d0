package io.korebridge.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignDeliveryTest {

  @Test
  void a_release_without_a_hold_is_not_counted() {
    CampaignDelivery delivery = delivery(0);
    assertThat(delivery.release()).isFalse();
    assertThat(delivery.hold(Instant.now())).isTrue();
    assertThat(delivery.hold(Instant.now())).isFalse();
    assertThat(delivery.release()).isTrue();
    assertThat(delivery.release()).isFalse();
  }

  @Test
  void an_abandoned_request_stays_abandoned_whatever_step_answers_late() {
    CampaignDelivery delivery = delivery(0);
    delivery.moveTo(CampaignDelivery.State.CALLING);
    assertThat(delivery.isBusy()).isTrue();

    delivery.abandon();
    delivery.moveTo(CampaignDelivery.State.PUBLISHING);

    assertThat(delivery.state()).isEqualTo(CampaignDelivery.State.ABANDONED);
    assertThat(delivery.isBusy()).isFalse();
  }

  private static CampaignDelivery delivery(long offset) {
    return new CampaignDelivery(
        new ReceivedRecord("requests", 0, offset, null, new byte[] {'{', '}'}, Map.of()));
  }
}
