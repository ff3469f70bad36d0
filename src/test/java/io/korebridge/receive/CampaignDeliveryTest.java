package io.korebridge.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CampaignDeliveryTest {

  private static final int THREADS = 4;
  private static final int ROUNDS = 2000;

  @Test
  void a_hold_and_its_release_are_each_answered_true_to_exactly_one_of_racing_threads()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      for (int round = 0; round < ROUNDS; round++) {
        CampaignDelivery delivery = delivery(round);
        assertThat(count(pool, start, () -> delivery.hold(Instant.now())))
            .as("threads told they held it, round %d", round)
            .isOne();
        assertThat(delivery.heldSince()).isNotNull();
        assertThat(count(pool, start, delivery::release))
            .as("threads told they released it, round %d", round)
            .isOne();
        assertThat(delivery.heldSince()).isNull();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_release_without_a_hold_is_not_counted() {
    CampaignDelivery delivery = delivery(0);
    assertThat(delivery.release()).isFalse();
    assertThat(delivery.hold(Instant.now())).isTrue();
    assertThat(delivery.hold(Instant.now())).isFalse();
    assertThat(delivery.release()).isTrue();
    assertThat(delivery.release()).isFalse();
  }

  private static int count(ExecutorService pool, CyclicBarrier start, Callable<Boolean> step)
      throws Exception {
    List<Future<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      answers.add(
          pool.submit(
              () -> {
                start.await();
                return step.call();
              }));
    }
    int yes = 0;
    for (Future<Boolean> answer : answers) {
      yes += answer.get() ? 1 : 0;
    }
    return yes;
  }

  private static CampaignDelivery delivery(long offset) {
    return new CampaignDelivery(
        new ReceivedRecord("requests", 0, offset, null, new byte[] {'{', '}'}, Map.of()));
  }
}
