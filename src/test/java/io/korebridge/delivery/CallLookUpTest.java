package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.kore.ReconcilePolicy;
import io.korebridge.outcome.CampaignCreated;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallLookUpTest {

  private static final Instant FIRST = Instant.parse("2026-01-05T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-01-05T10:05:00Z");
  private static final java.time.Duration CALL_LASTS = java.time.Duration.ofSeconds(20);
  private static final CampaignCreated RECORDED =
      new CampaignCreated(
          "e-1", "default", "cd-1", "Spring", "Ready", null, null, 1, false, "x", null);

  private final CallLookUp reconcile = new CallLookUp(ReconcilePolicy.RECONCILE, CALL_LASTS);

  private static CallLookUp.Request request(int settled, Instant first) {
    return new CallLookUp.Request("default", "e-1", "Spring", settled, first, NOW);
  }

  private static CallIntent intent(int attempt) {
    return new CallIntent("default", "e-1", "Spring", attempt, FIRST, FIRST.plusSeconds(attempt));
  }

  private static CallLookUp.Ledger ledger(CampaignCreated result, CallIntent intent) {
    return new CallLookUp.Ledger(Optional.ofNullable(result), Optional.ofNullable(intent));
  }

  @Test
  void a_recorded_result_answers_the_request_without_a_call() {
    assertThat(reconcile.decide(request(0, null), ledger(RECORDED, intent(1))))
        .isEqualTo(new CallLookUp.AnswerFromLedger(RECORDED));
  }

  @Test
  void nothing_recorded_writes_the_first_intent_starting_the_window_now() {
    assertThat(reconcile.decide(request(0, null), ledger(null, null)))
        .isEqualTo(
            new CallLookUp.WriteIntentThenCall(
                new CallIntent("default", "e-1", "Spring", 1, NOW, NOW)));
  }

  @Test
  void an_open_intent_of_another_owner_is_reconciled_before_any_call() {
    assertThat(reconcile.decide(request(0, null), ledger(null, intent(3))))
        .isEqualTo(new CallLookUp.ReconcileFirst(intent(3)));
  }

  @Test
  void an_intent_this_delivery_settled_is_followed_by_the_next_attempt_keeping_the_first_time() {
    CallLookUp.Step step =
        reconcile.decide(request(3, NOW.minusSeconds(1)), ledger(null, intent(3)));
    assertThat(step)
        .isEqualTo(
            new CallLookUp.WriteIntentThenCall(
                new CallIntent("default", "e-1", "Spring", 4, FIRST, NOW)));
  }

  @Test
  void policy_fail_ends_an_unsettled_intent_instead_of_reconciling() {
    assertThat(
            new CallLookUp(ReconcilePolicy.FAIL, CALL_LASTS)
                .decide(request(0, null), ledger(null, intent(1))))
        .isEqualTo(new CallLookUp.FailUnknown(intent(1)));
  }

  @Test
  void policy_recreate_calls_without_an_intent_but_still_answers_recorded_results() {
    CallLookUp recreate = new CallLookUp(ReconcilePolicy.RECREATE, CALL_LASTS);
    assertThat(recreate.decide(request(0, null), ledger(null, intent(2))))
        .isEqualTo(new CallLookUp.CallWithoutIntent());
    assertThat(recreate.decide(request(0, null), ledger(RECORDED, null)))
        .isInstanceOf(CallLookUp.AnswerFromLedger.class);
  }

  @Test
  void an_intent_another_owner_wrote_moments_ago_is_reconciled_only_once_its_call_is_over() {
    CallIntent young =
        new CallIntent("default", "e-1", "Spring", 1, NOW.minusSeconds(5), NOW.minusSeconds(5));
    assertThat(reconcile.decide(request(0, null), ledger(null, young)))
        .isEqualTo(new CallLookUp.WaitForOpenCall(young, java.time.Duration.ofSeconds(15)));
    assertThat(
            reconcile.decide(
                new CallLookUp.Request("default", "e-1", "Spring", 0, null, NOW.plusSeconds(15)),
                ledger(null, young)))
        .isEqualTo(new CallLookUp.ReconcileFirst(young));
  }
}
