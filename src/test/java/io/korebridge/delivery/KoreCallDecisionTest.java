package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.korebridge.contract.CampaignFailedException;
import io.korebridge.contract.FailureReason;
import io.korebridge.kore.KoreCampaignCreated;
import io.korebridge.kore.KoreRetryPolicy;
import io.korebridge.kore.KoreRetryableException;
import io.korebridge.kore.KoreTokenRejectedException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KoreCallDecisionTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private final KoreCallDecision decision =
      new KoreCallDecision(
          new KoreRetryPolicy(
              3,
              Duration.ofSeconds(1),
              Duration.ofSeconds(30),
              Duration.ofSeconds(60),
              Duration.ofSeconds(60),
              () -> 0.5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(15),
          Duration.ofSeconds(5));

  @Test
  void a_created_campaign_is_created() {
    KoreCampaignCreated created = new KoreCampaignCreated("cd-1", "n", "Ready", "cf-1", "ok");
    assertThat(decision.decide(call(1, 0), created, null))
        .isEqualTo(new KoreCallVerdict.Created(created));
  }

  @Test
  void a_503_is_called_again_after_the_backoff() {
    KoreCallVerdict verdict = decision.decide(call(1, 0), null, unavailable(503));
    assertThat(verdict)
        .isEqualTo(
            new KoreCallVerdict.CallAgain(Duration.ofSeconds(1), "HTTP_503", Optional.empty()));
  }

  @Test
  void a_429_pauses_the_whole_account_for_what_kore_asked() {
    KoreCallVerdict verdict =
        decision.decide(
            call(1, 0),
            null,
            new KoreRetryableException(
                FailureReason.RATE_LIMITED, "429", 429, "", Duration.ofSeconds(7)));
    assertThat(verdict)
        .isEqualTo(
            new KoreCallVerdict.CallAgain(
                Duration.ofSeconds(7), "HTTP_429", Optional.of(Duration.ofSeconds(7))));
  }

  @Test
  void a_429_without_retry_after_pauses_the_account_for_the_configured_time() {
    KoreCallVerdict verdict =
        decision.decide(
            call(1, 0),
            null,
            new KoreRetryableException(FailureReason.RATE_LIMITED, "429", 429, "", null));
    assertThat(((KoreCallVerdict.CallAgain) verdict).accountPause())
        .contains(Duration.ofSeconds(5));
  }

  @Test
  void kore_still_unavailable_after_the_retries_holds_the_request() {
    assertThat(decision.decide(call(3, 10), null, new ConnectException("refused")))
        .isEqualTo(new KoreCallVerdict.Hold(Duration.ofSeconds(30)));
  }

  @Test
  void kore_unavailable_for_longer_than_the_give_up_time_fails_the_request() {
    Throwable down = unavailable(502);
    assertThat(decision.decide(call(3, 15 * 60), null, down))
        .isEqualTo(new KoreCallVerdict.Fail(down));
  }

  @Test
  void rate_limited_after_the_retries_fails_without_a_hold() {
    Throwable limited =
        new KoreRetryableException(FailureReason.RATE_LIMITED, "429", 429, "", null);
    assertThat(decision.decide(call(3, 10), null, limited))
        .isEqualTo(new KoreCallVerdict.Fail(limited));
  }

  @Test
  void a_refused_token_is_renewed_once_then_fails() {
    Throwable refused = new KoreTokenRejectedException("{}");
    assertThat(decision.decide(call(1, 0), null, refused))
        .isEqualTo(new KoreCallVerdict.RenewTokenAndCallAgain());
    assertThat(
            decision.decide(
                new KoreCallDecision.Call(2, T0, T0.plusSeconds(1), true), null, refused))
        .isEqualTo(new KoreCallVerdict.Fail(refused));
  }

  @Test
  void a_rejection_fails_at_once() {
    Throwable rejected =
        new CampaignFailedException(FailureReason.KORE_REJECTED, "400", 400, "{}", List.of());
    assertThat(decision.decide(call(1, 0), null, rejected))
        .isEqualTo(new KoreCallVerdict.Fail(rejected));
  }

  @Test
  void a_retry_after_of_a_day_pauses_the_request_and_its_account_no_longer_than_the_cap() {
    KoreCallVerdict verdict =
        decision.decide(
            call(1, 0),
            null,
            new KoreRetryableException(
                FailureReason.RATE_LIMITED, "429", 429, "", Duration.ofDays(1)));
    assertThat(verdict)
        .isEqualTo(
            new KoreCallVerdict.CallAgain(
                Duration.ofSeconds(60), "HTTP_429", Optional.of(Duration.ofSeconds(60))));
  }

  @Test
  void only_an_answer_of_kore_ends_an_accounts_hold() {
    KoreCampaignCreated created = new KoreCampaignCreated("cd-1", "n", "Ready", "cf-1", "ok");
    assertThat(KoreCallDecision.accountAnswers(new KoreCallVerdict.Created(created))).isTrue();
    assertThat(
            KoreCallDecision.accountAnswers(
                new KoreCallVerdict.Fail(
                    new CampaignFailedException(
                        FailureReason.KORE_REJECTED, "400", 400, "{}", List.of()))))
        .as("a rejection is Kore answering")
        .isTrue();
    assertThat(KoreCallDecision.accountAnswers(new KoreCallVerdict.Fail(unavailable(503))))
        .as("given up while Kore is still unavailable")
        .isFalse();
    assertThat(
            KoreCallDecision.accountAnswers(
                new KoreCallVerdict.Fail(new ConnectException("refused"))))
        .isFalse();
    assertThat(KoreCallDecision.accountAnswers(new KoreCallVerdict.Hold(Duration.ofSeconds(30))))
        .isFalse();
    assertThat(
            KoreCallDecision.accountAnswers(
                new KoreCallVerdict.CallAgain(Duration.ofSeconds(1), "HTTP_503", Optional.empty())))
        .isFalse();
  }

  @Test
  void a_request_held_for_the_give_up_time_has_waited_long_enough() {
    assertThat(decision.heldTooLong(T0, T0.plus(Duration.ofMinutes(15)).minusMillis(1))).isFalse();
    assertThat(decision.heldTooLong(T0, T0.plus(Duration.ofMinutes(15)))).isTrue();
  }

  private static KoreCallDecision.Call call(int attempts, long secondsSinceFirst) {
    return new KoreCallDecision.Call(attempts, T0, T0.plusSeconds(secondsSinceFirst), false);
  }

  private static Throwable unavailable(int status) {
    return new KoreRetryableException(
        FailureReason.KORE_UNAVAILABLE, "Kore answered HTTP " + status, status, "", null);
  }
}
